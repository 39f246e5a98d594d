// The layers of Clinidesk (docs/architecture.md), checked by `npm run depcheck` (scripts/depcheck.ts), a step of
// `npm test`. dependency-cruiser reads a JavaScript mirror of the sources there, named `<file>.ts.js`: so paths
// below never end in `$`, and a type-only import has the dependency type `exotic-require` (it would be `type-only`
// on TypeScript).
//
// Layers, from the bottom: src/domain (the shared vocabulary; imports nothing) → src/platform (machinery, no business
// rule; imports no feature) → src/features/<noun> → src/demo (the demo hospital, seeded like an import) → the
// composition (src/main.ts, src/app.ts and src/cli) and the web app, which imports only shared, pure modules. Inside a feature:
// routes → service → store (SQL) and rules (pure).

/**
 * A feature's public modules, after `src/features/<noun>/`: what another feature may import. A feature publishes
 * what others may rely on and keeps the rest free to change: use cases and the reads it offers (its service), the
 * zod schemas the web app shares, its pure rules (a rule has one definition, wherever it is applied), and sla's
 * view.ts (how clocks are shown: zod and a pure mapping). Its store (SQL) and routes are its own business; its
 * tables.ts is for foreign keys and joins (the next rules).
 */
const PUBLIC = [
  'service\\.ts', //        use cases, and the reads it publishes for other features
  'service/', //             the same, one file per use case (tickets/service/reads.ts: what others read of tickets)
  '[^/]+-service\\.ts', //  directory/places-service.ts…
  '[^/]*schemas\\.ts', //   zod schemas (schemas.ts, people-schemas.ts…)
  'rules\\.ts',
  'rules/',
  '[^/]+-rules\\.ts', //    pure rules
  'view\\.ts', //           sla/view.ts
].join('|');
const PUBLIC_MODULE = `^src/features/[^/]+/(${PUBLIC})`;

/** Store files: the only place for SQL (with tables.ts for the schema). */
const STORE = '(/store|-store)\\.ts';
const TABLES = '/tables\\.ts';
/** HTTP modules; tickets/saved-views.ts is the saved views' (named before the convention). */
const ROUTES = '(routes[^/]*\\.ts|^src/features/tickets/saved-views\\.ts)';

module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment:
        'No module depends on itself through others, not even through type-only imports (a type shared both ways ' +
        'belongs in a module of its own). Features may call each other both ways (tickets ↔ sla), each time ' +
        'through a public module.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-imports-nothing',
      severity: 'error',
      comment: 'src/domain is the shared vocabulary under every feature and the web app: no imports at all.',
      from: { path: '^src/domain/' },
      to: { pathNot: '^src/domain/' },
    },
    {
      name: 'platform-imports-no-feature',
      severity: 'error',
      comment:
        'src/platform is machinery without business rules: it imports no feature. Which features (routes, jobs) ' +
        "make the application is the composition's business (src/main.ts, src/app.ts).",
      from: { path: '^src/platform/' },
      to: { path: '^src/features/' },
    },
    {
      name: 'features-through-public-modules',
      severity: 'error',
      comment:
        'A feature imports another only through its public modules (service, schemas, rules, view), never its ' +
        'store or routes: what a feature publishes is a choice, and its SQL can change behind it. ' +
        "Another feature's tables.ts is for foreign keys (from tables.ts) and read-only joins (from a store file), " +
        'checked by the next rule.',
      from: { path: '^src/features/([^/]+)/' },
      to: {
        path: '^src/features/[^/]+/',
        pathNot: ['^src/features/$1/', PUBLIC_MODULE, `^src/features/[^/]+${TABLES}`],
      },
    },
    {
      name: 'foreign-tables-for-keys-and-joins',
      severity: 'error',
      comment:
        "Another feature's tables.ts: foreign keys (tables.ts) and joins in one SQL statement (a store file). A " +
        "use case never queries another feature's table: it calls that feature's service.",
      from: {
        path: '^src/features/([^/]+)/',
        pathNot: [TABLES, STORE],
      },
      to: { path: `^src/features/[^/]+${TABLES}`, pathNot: '^src/features/$1/' },
    },
    {
      name: 'sql-only-in-stores',
      severity: 'error',
      comment:
        'SQL is written in store files (and the schema in tables.ts): only they import drizzle-orm. Services ' +
        'call stores; routes call services.',
      from: { path: '^src/features/', pathNot: [STORE, TABLES] },
      to: { path: '^node_modules/drizzle-orm/' },
    },
    {
      name: 'routes-call-services',
      severity: 'error',
      comment: 'An HTTP module validates, calls a use case and shapes the answer: no store, no SQL.',
      from: { path: ROUTES },
      to: { path: [STORE, TABLES, '^node_modules/drizzle-orm/'] },
    },
    {
      name: 'rules-are-pure',
      severity: 'error',
      comment:
        'rules/ (and rules.ts, *-rules.ts) are pure functions: no database, store, HTTP or file system — only ' +
        'other rules, the domain vocabulary, three pure platform modules (errors, roles, CSV fields) and pure ' +
        'libraries. Their tests need no database.',
      from: { path: '(/rules/|/rules\\.ts|-rules\\.ts)' },
      to: {
        pathNot: [
          '(/rules/|/rules\\.ts|-rules\\.ts)',
          '^src/domain/',
          '^src/platform/(errors|auth/roles|csv)\\.ts',
          '^node_modules/(luxon|markdown-it|sanitize-html|diff)/',
          '^node_modules/@types/',
        ],
      },
    },
    {
      name: 'web-imports-shared-modules-only',
      severity: 'error',
      comment:
        'The web app imports from the server only what is safe and meant to be shared: the domain vocabulary, ' +
        'zod schemas, pure rules, and a few pure platform modules (roles, errors, the plain-words validation ' +
        'messages, CSV fields). Never a service, store or anything with I/O.',
      from: { path: '^web/' },
      to: {
        path: '^src/',
        pathNot: [
          '^src/domain/',
          '^src/features/[^/]+/([^/]*schemas\\.ts|rules\\.ts|rules/|[^/]+-rules\\.ts|view\\.ts)',
          '^src/platform/(errors|auth/roles|auth/schemas|auth/integration-schemas|auth/mfa-schemas|http/plain-errors|csv)\\.ts',
        ],
      },
    },
    {
      name: 'only-the-composition-imports-the-demo',
      severity: 'error',
      comment:
        'The demo hospital (src/demo) is built on the features and seeds every table like an import (so it may ' +
        'use their stores and tables); it is loaded by the composition (src/app.ts, src/cli), never by a feature, ' +
        'the platform or the domain (tests aside).',
      from: { path: '^src/(domain|features|platform)/' },
      to: { path: '^src/demo/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // node_modules in the mirror is a link to the checkout's: name packages by it, not by where it points.
    preserveSymlinks: true,
    // Tests and their fixtures may import anything.
    exclude: { path: '(\\.test\\.tsx?|/fixture\\.ts)' },
    // Type-only imports in the mirror (scripts/depcheck.ts).
    exoticRequireStrings: ['__typeOnly'],
    enhancedResolveOptions: { conditionNames: ['import', 'node', 'default'], exportsFields: ['exports'] },
  },
};
