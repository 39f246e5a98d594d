// The benchmark scenarios: one entry each. A new feature adds one line (or a few, when it needs a setup step).
//
// A scenario names the request to hammer. `setup` runs once before it (after sign-in) and may create the data it
// needs through the API, then return the request (e.g. a path with an id in it). A `body` function is called for
// every request, so POST scenarios can send unique values (titles, references) without tripping unique constraints.

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type Target = {
  method?: Method;
  path: string;
  /** Send `Authorization: Bearer <admin API token>`. */
  auth?: boolean;
  /** JSON body: a fixed value, or a function called per request (`n` counts requests in this run). */
  body?: unknown | ((n: number) => unknown);
};

/** What a setup step gets: the server and an authenticated JSON client (admin API token). */
export type Api = {
  url: string;
  token: string;
  request<T = unknown>(method: Method, path: string, body?: unknown): Promise<T>;
};

export type Scenario = {
  name: string;
  about: string;
  /** The ceiling every other scenario is compared with (exactly one). */
  ceiling?: boolean;
} & ({ target: Target } | { setup: (api: Api) => Promise<Target> });

/** A GET with the admin's bearer token (`auth: false` for public routes). */
const get = (path: string, auth = true): Target => ({ path, auth });

export const scenarios: Scenario[] = [
  { name: 'health', about: 'liveness, no auth, no database', ceiling: true, target: get('/api/health', false) },
  { name: 'me', about: 'authenticated read: token lookup + user', target: get('/api/v1/auth/me') },
  { name: 'users', about: 'list read: 50 accounts', target: get('/api/v1/users?limit=50') },
  {
    name: 'ticket-create',
    about: 'POST /api/v1/tickets: an agent logs a call (priority, routing, audit, event)',
    setup: ticketCreate,
  },
  {
    name: 'ticket-read',
    about: 'one ticket page: detail, conversation, tier history (read audited)',
    setup: ticketRead,
  },
  {
    name: 'queue',
    about: "agent's queue: all open, priority order, 50 rows + count",
    target: get('/api/v1/tickets?view=all_open&limit=50'),
  },
  {
    name: 'queue-urgent',
    about: 'unassigned P1/P2 clinical view',
    target: get('/api/v1/tickets?view=unassigned_urgent_clinical&limit=50'),
  },
  { name: 'view-counts', about: 'counts of every built-in view', target: get('/api/v1/tickets/views') },
  {
    name: 'search',
    about: 'ranked full-text search, a common word',
    target: get('/api/v1/tickets?q=printer&limit=25'),
  },
  {
    name: 'search-phrase',
    about: 'ranked full-text search, a specific phrase',
    target: get(`/api/v1/tickets?q=${encodeURIComponent('wristband scanner')}&limit=25`),
  },
  {
    name: 'kb-suggest',
    about: 'agent assist: articles for a misspelt summary (full text + trigram, ranked)',
    target: get(`/api/v1/knowledge/suggest?text=${encodeURIComponent('wristbnd printr blank')}`),
  },
  {
    name: 'kb-search',
    about: 'knowledge search with snippets (the search is recorded)',
    target: get(`/api/v1/knowledge/articles?q=${encodeURIComponent('citrix frozen')}`),
  },
];

type Page<T> = { items: T[] };

async function ticketCreate(api: Api): Promise<Target> {
  const people = await api.request<Page<{ id: string }>>('GET', '/api/v1/people?limit=50');
  const catalogue = await api.request<{ applications: { id: string; modules: { id: string }[] }[] }>(
    'GET',
    '/api/v1/directory/catalogue',
  );
  const app = catalogue.applications.find((a) => a.modules.length > 0)!;
  return {
    method: 'POST',
    path: '/api/v1/tickets',
    auth: true,
    body: (n: number) => ({
      requesterId: people.items[n % people.items.length]!.id,
      channel: 'phone',
      summary: `Cannot sign orders in CPOE (bench ${n})`,
      serviceId: app.id,
      moduleId: app.modules[n % app.modules.length]!.id,
      patientCareAffected: n % 3 === 0,
      scope: 'me',
    }),
  };
}

async function ticketRead(api: Api): Promise<Target> {
  const page = await api.request<Page<{ number: string }>>('GET', '/api/v1/tickets?view=all_open&limit=1');
  return get(`/api/v1/tickets/${page.items[0]!.number}`);
}

export async function resolveTarget(scenario: Scenario, api: Api): Promise<Target> {
  return 'setup' in scenario ? scenario.setup(api) : scenario.target;
}
