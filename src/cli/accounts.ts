// `clinidesk user create` and `clinidesk token create`. Integration accounts (the phone system) get no password:
// they act only through API tokens. While the desk runs, the same is done from Admin → Integrations.
import { type Command, InvalidArgumentError } from 'commander';
import type { z } from 'zod';
import { cliMeta } from '../platform/actor.ts';
import { integrationBody } from '../platform/auth/integration-schemas.ts';
import { createIntegration } from '../platform/auth/integrations.ts';
import { ROLES } from '../platform/auth/roles.ts';
import { createUserBody } from '../platform/auth/schemas.ts';
import { randomToken } from '../platform/auth/secrets.ts';
import { createToken, createUser } from '../platform/auth/service.ts';
import { findUserByUsername } from '../platform/auth/store.ts';
import { type WhileRunning, withMaintenanceContext } from './context.ts';

const integrationsTab = (webApp: string | null) => `${webApp ?? ''}/admin?tab=integrations`;
const fromIntegrationsTab: WhileRunning = (webApp) =>
  `or do it while the desk runs: sign in as an administrator, Admin → Integrations (${integrationsTab(webApp)})`;
const fromUsersApi: WhileRunning = (webApp) =>
  `or create the account while the desk runs with POST /api/v1/users as an administrator (${webApp ?? ''}/api/docs)`;

type UserOptions = {
  username: string;
  role: string;
  displayName?: string;
  email?: string;
  password?: string;
  purpose?: string;
};

export function registerAccounts(program: Command, fail: (message: string) => never) {
  const parseOrExit = <T extends z.ZodType>(schema: T, value: unknown): z.infer<T> => {
    const parsed = schema.safeParse(value);
    if (!parsed.success) fail(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));
    return parsed.data;
  };

  const user = program.command('user').description('manage accounts');
  user
    .command('create')
    .description('create an account (prints a generated password when none is given; integration accounts get none)')
    .requiredOption('-u, --username <name>', 'sign-in name')
    .requiredOption('-r, --role <role>', `one of ${ROLES.join(', ')}`)
    .option('-n, --display-name <name>', 'name shown to others (default: the username)')
    .option('-e, --email <email>', 'email address')
    .option('--password <password>', 'password (at least 12 characters; default: generated and printed once)')
    .option('--purpose <text>', 'integration accounts: what the system does with the desk')
    .action((o: UserOptions) => (o.role === 'integration' ? createIntegrationAccount(o) : createPersonAccount(o)));

  function createIntegrationAccount(o: UserOptions) {
    if (o.password) fail('Integration accounts have no password: they act only through API tokens (token create).');
    const input = parseOrExit(integrationBody, {
      username: o.username,
      displayName: o.displayName ?? o.username,
      purpose: o.purpose ?? 'Posts call events from the phone system',
    });
    return withMaintenanceContext({ seedDemo: false, whileRunning: fromIntegrationsTab }, async (ctx) => {
      const created = await createIntegration(ctx, cliMeta(), input);
      console.log(`Created integration account "${created.username}" (${created.id}). It cannot sign in.`);
      console.log(`Next: clinidesk token create --user ${created.username} --name "<which system holds it>"`);
    });
  }

  function createPersonAccount(o: UserOptions) {
    if (o.purpose) fail('--purpose is for integration accounts only.');
    const password = o.password ?? randomToken(15);
    const input = parseOrExit(createUserBody, {
      username: o.username,
      role: o.role,
      displayName: o.displayName ?? o.username,
      email: o.email ?? null,
      password,
    });
    return withMaintenanceContext({ seedDemo: false, whileRunning: fromUsersApi }, async (ctx) => {
      const created = await createUser(ctx, cliMeta(), input);
      console.log(`Created ${created.role} "${created.username}" (${created.id}).`);
      if (!o.password) console.log(`Password (shown once): ${password}`);
    });
  }

  const token = program.command('token').description('manage API tokens');
  token
    .command('create')
    .description('create an API token for an account (for integrations such as the phone system)')
    .requiredOption('-u, --user <username>', 'the account the token acts as')
    .requiredOption('-n, --name <name>', 'what the token is for')
    .option('--expires-days <days>', 'days until it expires (default: never)', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1 || n > 3650) throw new InvalidArgumentError('a whole number of days, 1–3650');
      return n;
    })
    .action((o: { user: string; name: string; expiresDays?: number }) =>
      withMaintenanceContext({ seedDemo: false, whileRunning: fromIntegrationsTab }, async (ctx) => {
        const owner = await findUserByUsername(ctx.database.db, o.user);
        if (!owner) fail(`No account named "${o.user}".`);
        const created = await createToken(ctx, cliMeta(), owner.id, { name: o.name, expiresInDays: o.expiresDays });
        console.log(`Token "${created.name}" for ${owner.username} (shown once):\n${created.token}`);
      }),
    );
}
