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
  /** Request `n`'s path, when the requests differ (`path` is the first, sent once to check it answers). */
  pathAt?: (n: number) => string;
  /** Request `n` sent broken instead (raw body, and the bearer token left off when `anonymous`); null: sent as is. */
  bad?: (n: number) => { body: string; anonymous?: boolean } | null;
  /** Called before each load of this target (warm-up and measured). */
  onRun?: () => void;
  /** Called after the measured load with its answers per status code; what it returns goes in the figures. */
  afterRun?: (api: Api, statusCounts: Record<string, number>) => Promise<Record<string, unknown>>;
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

/** Words a desk searches for: in the demo's history, from one ticket in five ("sign") to one in 360 ("monitor"). */
const SEARCH_WORDS = ['sign', 'password', 'order', 'badge', 'label', 'printer', 'scanner', 'wristband', 'monitor'];
const searchPath = (word: string) => `/api/v1/tickets?q=${encodeURIComponent(word)}&limit=25`;

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
    name: 'ticket-create-bad-10pct',
    about:
      'ticket-create with every 10th request bad (malformed, oversized, no token, invalid): 4xx, nothing half-written',
    setup: ticketCreateWithBadInput,
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
    name: 'search-words',
    about: 'ranked full-text search, a different word each request (common and rare words in turn)',
    target: { ...get(searchPath(SEARCH_WORDS[0]!)), pathAt: (n) => searchPath(SEARCH_WORDS[n % SEARCH_WORDS.length]!) },
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

/**
 * Issue 17's "bad input under load": creation as above, with one request in ten broken in one of four ways. Each must
 * get its 4xx, and the tickets created must be exactly the 201 answers (nothing half-written): every run's summaries
 * carry a word of their own, counted by search afterwards.
 */
async function ticketCreateWithBadInput(api: Api): Promise<Target> {
  const good = await ticketCreate(api);
  const goodBody = good.body as (n: number) => Record<string, unknown>;
  // Twice the server's body limit (CLINIDESK_BODY_LIMIT_BYTES, 1 MiB by default): refused with 413.
  const oversized = JSON.stringify({ summary: 'x', description: 'y'.repeat(2 * 2 ** 20) });
  let round = 0;
  const goodOne = (n: number) => ({ ...goodBody(n), summary: `Printer jams benchgood${round} ${n}` });
  const badOne = (n: number) => ({ ...goodBody(n), summary: `Printer jams benchbad${round} ${n}` });
  const total = async (a: Api, word: string) =>
    (await a.request<{ total: number }>('GET', `/api/v1/tickets?q=${word}&limit=1`)).total;
  return {
    ...good,
    body: goodOne,
    bad: (n: number) => {
      if (n % 10 !== 0) return null;
      switch ((n / 10) % 4) {
        case 0:
          return { body: '{"summary": "Printer jams", "channel": ' }; // malformed JSON: 400
        case 1:
          return { body: oversized }; // too large: 413
        case 2:
          return { body: JSON.stringify(badOne(n)), anonymous: true }; // no token: 401
        default:
          return { body: JSON.stringify({ ...badOne(n), requesterId: 'not-a-person' }) }; // invalid: 400
      }
    },
    onRun: () => {
      round += 1;
    },
    afterRun: async (a, statusCounts) => {
      const created = statusCounts['201'] ?? 0;
      // The load stops counting at its deadline with up to one request per connection still in flight: those may
      // create tickets after the count. The bad requests' own word must find nothing at all.
      const [goodFound, badFound] = [await total(a, `benchgood${round}`), await total(a, `benchbad${round}`)];
      return {
        ticketsCreated201: created,
        ticketsFound: goodFound,
        badRequestsWritten: badFound,
        nothingHalfWritten: badFound === 0 && goodFound >= created && goodFound <= created + 10,
      };
    },
  };
}

async function ticketRead(api: Api): Promise<Target> {
  const page = await api.request<Page<{ number: string }>>('GET', '/api/v1/tickets?view=all_open&limit=1');
  return get(`/api/v1/tickets/${page.items[0]!.number}`);
}

export async function resolveTarget(scenario: Scenario, api: Api): Promise<Target> {
  return 'setup' in scenario ? scenario.setup(api) : scenario.target;
}

/** The request of the scenario named `name`, its setup run (the benches beside bench/run.ts reuse scenarios). */
export async function scenarioTarget(name: string, api: Api): Promise<Target> {
  const scenario = scenarios.find((s) => s.name === name);
  if (!scenario) throw new Error(`bench/scenarios.ts has no ${name} scenario`);
  return resolveTarget(scenario, api);
}
