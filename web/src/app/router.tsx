// Code-based routes: sign-in outside the frame, every area inside it, and the guards between them.
import type { QueryClient } from '@tanstack/react-query';
import { createRootRouteWithContext, createRoute, createRouter, Outlet, redirect } from '@tanstack/react-router';
import type { ComponentType } from 'react';
import { z } from 'zod';
import type { SessionView } from '../../../src/platform/auth/schemas.ts';
import { AccountSecurityPage } from '../pages/account/AccountSecurityPage.tsx';
import { AdminPage } from '../pages/admin/AdminPage.tsx';
import { ConsolePage } from '../pages/console/ConsolePage.tsx';
import { consoleSearch } from '../pages/console/queue/consoleSearch.ts';
import { TicketPage } from '../pages/console/ticket/TicketPage.tsx';
import { GoLiveBoardPage } from '../pages/golive/GoLiveBoardPage.tsx';
import { GoLiveSetupPage } from '../pages/golive/GoLiveSetupPage.tsx';
import { HuddlePage } from '../pages/golive/HuddlePage.tsx';
import { IntakePage } from '../pages/golive/IntakePage.tsx';
import { PortalIntakePage } from '../pages/golive/PortalIntakePage.tsx';
import { RollupPage } from '../pages/golive/RollupPage.tsx';
import { RosterPage } from '../pages/golive/RosterPage.tsx';
import { IncidentReviewPrintPage } from '../pages/incident-comms/IncidentReviewPrintPage.tsx';
import { IncidentPage } from '../pages/incidents/IncidentPage.tsx';
import { IncidentsPage } from '../pages/incidents/IncidentsPage.tsx';
import { KnowledgePage } from '../pages/knowledge/KnowledgePage.tsx';
import { PortalPage } from '../pages/portal/PortalPage.tsx';
import { PortalTicketPage } from '../pages/portal/PortalTicketPage.tsx';
import { ReportsPage } from '../pages/reports/ReportsPage.tsx';
import { reportsSearch } from '../pages/reports/reportsSearch.ts';
import { SignInPage } from '../pages/signin/SignInPage.tsx';
import { StatusPage } from '../pages/status/StatusPage.tsx';
import { PublicSurveyPage } from '../pages/surveys/PublicSurveyPage.tsx';
import { WallboardPage } from '../pages/wallboard/WallboardPage.tsx';
import { AppFrame } from './AppFrame.tsx';
import { AreaGate } from './AreaGate.tsx';
import { type AreaPath, homePathFor } from './areas.ts';
import { NotFoundPage } from './NotFoundPage.tsx';
import { RouteErrorPage } from './RouteErrorPage.tsx';
import { safeReturnPath } from './returnPath.ts';
import { sessionQuery } from './session.ts';

export type RouterContext = { queryClient: QueryClient };

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: () => (
    <>
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <Outlet />
    </>
  ),
  notFoundComponent: NotFoundPage,
  errorComponent: RouteErrorPage,
});

async function currentSession(queryClient: QueryClient): Promise<SessionView | null> {
  return queryClient.ensureQueryData(sessionQuery);
}

const signInRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'signin',
  validateSearch: z.object({ redirect: z.string().optional(), sso: z.string().optional() }),
  beforeLoad: async ({ context, search }) => {
    // If the server cannot be reached, show the form anyway; signing in will report the problem.
    const session = await currentSession(context.queryClient).catch(() => null);
    if (session) throw redirect({ href: safeReturnPath(search.redirect) ?? homePathFor(session.user.role) });
  },
  component: SignInPage,
});

/** A survey behind a single-use link: no sign-in. */
const publicSurveyRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 's/$token',
  component: PublicSurveyPage,
});

/** The public status page: no sign-in, so it works when single sign-on is down. */
const statusRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'status',
  component: StatusPage,
});

/** The printable post-incident review: signed in, but outside the app's frame (no navigation on paper). */
const incidentReviewPrintRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'console/incidents/$number/review',
  beforeLoad: async ({ context, location }) => {
    if (!(await currentSession(context.queryClient))) {
      throw redirect({ to: '/signin', search: { redirect: safeReturnPath(location.href) } });
    }
  },
  component: gated('/console', IncidentReviewPrintPage),
});

const signedInRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'signed-in',
  beforeLoad: async ({ context, location }) => {
    const session = await currentSession(context.queryClient);
    if (!session) {
      throw redirect({ to: '/signin', search: { redirect: safeReturnPath(location.href) } });
    }
    return { session };
  },
  component: AppFrame,
});

const startRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/',
  beforeLoad: ({ context }) => {
    throw redirect({ to: homePathFor(context.session.user.role) });
  },
});

function gated(area: AreaPath, Page: ComponentType) {
  return () => (
    <AreaGate path={area}>
      <Page />
    </AreaGate>
  );
}

function areaRoute<P extends AreaPath>(path: P, Page: ComponentType) {
  return createRoute({ getParentRoute: () => signedInRoute, path, component: gated(path, Page) });
}

const consoleRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/console',
  validateSearch: consoleSearch,
  component: gated('/console', ConsolePage),
});

const consoleTicketRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/console/tickets/$number',
  validateSearch: z.object({ action: z.enum(['resolve', 'escalate', 'comment']).optional().catch(undefined) }),
  component: gated('/console', TicketPage),
});

const incidentsRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/console/incidents',
  component: gated('/console', IncidentsPage),
});

const incidentRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/console/incidents/$number',
  component: gated('/console', IncidentPage),
});

/** The go-live command center (docs/golive.md): which go-live is kept in the address (default: the one running now). */
const goLiveSearch = z.object({ event: z.string().optional().catch(undefined) });

function goLiveRoute<P extends string>(path: P, Page: ComponentType) {
  return createRoute({
    getParentRoute: () => signedInRoute,
    path,
    validateSearch: goLiveSearch,
    component: gated('/console', Page),
  });
}

const goLiveRoutes = [
  goLiveRoute('/console/golive', GoLiveBoardPage),
  goLiveRoute('/console/golive/roster', RosterPage),
  goLiveRoute('/console/golive/intake', IntakePage),
  goLiveRoute('/console/golive/rollup', RollupPage),
  goLiveRoute('/console/golive/huddle', HuddlePage),
  goLiveRoute('/console/golive/new', GoLiveSetupPage),
  goLiveRoute('/console/golive/edit', GoLiveSetupPage),
] as const;

/** A unit super-user logs go-live issues from the portal during their shifts (docs/golive.md). */
const portalGoLiveRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/portal/golive',
  component: gated('/portal', PortalIntakePage),
});

const portalRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/portal',
  validateSearch: z.object({ tab: z.enum(['help', 'mine']).optional().catch(undefined) }),
  component: gated('/portal', PortalPage),
});

const portalTicketRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/portal/tickets/$number',
  component: gated('/portal', PortalTicketPage),
});

const reportsRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/reports',
  validateSearch: reportsSearch,
  component: gated('/reports', ReportsPage),
});

const adminRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/admin',
  // `provider`: the provider chosen on the E-bonding tab, so the page can be reloaded or linked to.
  validateSearch: z.object({
    tab: z.string().optional().catch(undefined),
    provider: z.uuid().optional().catch(undefined),
  }),
  component: gated('/admin', AdminPage),
});

/** My sign-in: every signed-in person, whatever their area. */
const accountRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/account',
  component: AccountSecurityPage,
});

const routeTree = rootRoute.addChildren([
  signInRoute,
  publicSurveyRoute,
  statusRoute,
  incidentReviewPrintRoute,
  signedInRoute.addChildren([
    startRoute,
    consoleRoute,
    consoleTicketRoute,
    incidentsRoute,
    incidentRoute,
    ...goLiveRoutes,
    portalRoute,
    portalTicketRoute,
    portalGoLiveRoute,
    areaRoute('/knowledge', KnowledgePage),
    reportsRoute,
    areaRoute('/wallboard', WallboardPage),
    adminRoute,
    accountRoute,
  ]),
]);

export function createAppRouter(queryClient: QueryClient) {
  return createRouter({
    routeTree,
    context: { queryClient },
    defaultPreload: 'intent',
    scrollRestoration: true,
  });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
