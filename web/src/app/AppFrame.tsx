// The signed-in frame: header with the product, the areas and the person; the page below, full width for queues.
import { AppShell, Burger, Group, NavLink, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { Link, Outlet, useRouterState } from '@tanstack/react-router';
import { useEffect, useRef } from 'react';
import { isStaff } from '../../../src/platform/auth/roles.ts';
import { IncidentBanners } from '../components/IncidentBanners.tsx';
import { SlaAlerts } from '../components/SlaAlerts.tsx';
import classes from './AppFrame.module.css';
import { type Area, areasFor } from './areas.ts';
import { BrandMark } from './BrandMark.tsx';
import { useLiveTicketUpdates } from './liveUpdates.ts';
import { MyNotificationsButton } from './MyNotifications.tsx';
import { SignedInUser } from './SignedInUser.tsx';
import { useSession } from './session.ts';
import { useAbilities } from './useAbilities.ts';

export function AppFrame() {
  const session = useSession();
  const may = useAbilities();
  const [navOpen, nav] = useDisclosure(false);
  // Wide screens get the areas in the header, so queues and tickets have the whole width.
  const wide = useMediaQuery('(min-width: 62em)', true, { getInitialValueInEffect: false });
  const pathname = useRouterState({ select: (state) => state.location.pathname });
  const mainRef = useRef<HTMLElement>(null);
  const shownPath = useRef(pathname);
  useLiveTicketUpdates(Boolean(session?.permissions.includes('events:subscribe')));

  // After moving to another area, start keyboard and screen reader users at the new page, not the old link.
  useEffect(() => {
    if (shownPath.current === pathname) return;
    shownPath.current = pathname;
    mainRef.current?.focus();
  }, [pathname]);

  if (!session) return null;
  const areas = areasFor(session.user.role);
  const isActive = (area: Area) => pathname === area.path || pathname.startsWith(`${area.path}/`);

  return (
    <AppShell
      header={{ height: 64 }}
      navbar={wide ? undefined : { width: 248, breakpoint: 'sm', collapsed: { mobile: !navOpen, desktop: !navOpen } }}
      padding={{ base: 'md', sm: 'lg' }}
    >
      <AppShell.Header px="md">
        <Group h="100%" justify="space-between" wrap="nowrap">
          <Group gap="lg" wrap="nowrap" h="100%">
            {!wide && (
              <Burger
                opened={navOpen}
                onClick={nav.toggle}
                size="sm"
                aria-label={navOpen ? 'Close navigation' : 'Open navigation'}
              />
            )}
            <UnstyledButton component={Link} to="/" aria-label="Clinidesk, go to your start page">
              <BrandMark />
            </UnstyledButton>
            {wide && (
              <nav aria-label="Areas" className={classes.headerNav}>
                {areas.map((area) => (
                  <Link
                    key={area.path}
                    to={area.path}
                    className={classes.headerLink}
                    data-active={isActive(area) || undefined}
                    aria-current={isActive(area) ? 'page' : undefined}
                    title={area.description}
                  >
                    {area.label}
                  </Link>
                ))}
              </nav>
            )}
          </Group>
          <SignedInUser user={session.user} />
        </Group>
      </AppShell.Header>

      {!wide && (
        <AppShell.Navbar p="sm" aria-label="Areas">
          <Text size="xs" fw={600} c="dimmed" tt="uppercase" px="sm" pb="xs">
            Areas
          </Text>
          {areas.map((area) => (
            <NavLink
              key={area.path}
              component={Link}
              to={area.path}
              label={area.label}
              description={area.description}
              active={isActive(area)}
              onClick={nav.close}
              variant="light"
              styles={{ label: { fontWeight: 600 } }}
            />
          ))}
          {/* At the elbow during a go-live: the intake, one tap from the menu (golive:read and tickets:create). */}
          {may.logGoLiveIssues && (
            <NavLink
              component={Link}
              to="/console/golive/intake"
              label="Log a go-live issue"
              description="At the elbow, from your phone"
              active={pathname === '/console/golive/intake'}
              onClick={nav.close}
              variant="light"
              mt="md"
              styles={{ label: { fontWeight: 600 } }}
            />
          )}
          {/* On a phone the top bar has no room for My sign-in and My notifications, so they are here. */}
          <NavLink
            component={Link}
            to="/account"
            label="My sign-in"
            description="Two-step sign-in and recovery codes"
            active={pathname === '/account'}
            onClick={nav.close}
            variant="light"
            hiddenFrom="sm"
            mt="md"
          />
          <MyNotificationsButton inMenu />
        </AppShell.Navbar>
      )}

      <AppShell.Main ref={mainRef} id="main" tabIndex={-1} bg="gray.0" style={{ outline: 'none' }}>
        {(pathname.startsWith('/portal') || pathname.startsWith('/console')) && (
          <div className="no-print">
            <IncidentBanners staff={isStaff(session.user.role)} />
          </div>
        )}
        <Outlet />
        <div className="no-print">
          <SlaAlerts />
        </div>
      </AppShell.Main>
    </AppShell>
  );
}
