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
  // Later, e.g.:
  // { name: 'ticket-create', about: 'POST /api/v1/tickets', target: { method: 'POST', path: '/api/v1/tickets',
  //   auth: true, body: (n) => ({ title: `Bench ticket ${n}`, ... }) } },
  // { name: 'queue', about: 'GET a queue view', setup: async (api) => ({ path: `/api/v1/queues/${...}`, auth: true }) },
];

export async function resolveTarget(scenario: Scenario, api: Api): Promise<Target> {
  return 'setup' in scenario ? scenario.setup(api) : scenario.target;
}
