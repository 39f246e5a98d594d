// The verification policy as a run-time setting: stored under "verification_policy", validated by the zod schema
// and the policy's own checks, every change audited with what it was before. Read inside each verification's
// transaction, so a change applies on every instance at once (to verifications started after it).
import type { RequestMeta } from '../../../platform/actor.ts';
import { recordAudit } from '../../../platform/audit/service.ts';
import type { AppContext } from '../../../platform/context.ts';
import type { Queryable } from '../../../platform/db/connect.ts';
import { Invalid } from '../../../platform/errors.ts';
import { findSetting, saveSetting } from '../../directory/service.ts';
import { DEFAULT_POLICY, type Policy, policyProblems } from '../rules/policy.ts';
import { type VerificationPolicyView, verificationPolicy } from '../schemas.ts';

export const VERIFICATION_POLICY_KEY = 'verification_policy';

async function stored(db: Queryable) {
  const row = await findSetting(db, VERIFICATION_POLICY_KEY);
  const parsed = verificationPolicy.safeParse(row?.value);
  // A stored policy that no longer passes its checks is not used: the defaults are stricter than nothing.
  const ok = row && parsed.success && policyProblems(parsed.data).length === 0;
  return ok ? { policy: parsed.data, updatedAt: row.updatedAt } : null;
}

export async function loadPolicy(db: Queryable): Promise<Policy> {
  return (await stored(db))?.policy ?? DEFAULT_POLICY;
}

export async function policyView(ctx: AppContext): Promise<VerificationPolicyView> {
  const s = await stored(ctx.database.db);
  return { ...(s?.policy ?? DEFAULT_POLICY), isDefault: !s, updatedAt: s?.updatedAt.toISOString() ?? null };
}

export async function savePolicy(ctx: AppContext, meta: RequestMeta, input: Policy): Promise<VerificationPolicyView> {
  const problems = policyProblems(input);
  if (problems.length) {
    throw new Invalid(
      `Please check the policy: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}.`,
      problems,
    );
  }
  await ctx.database.db.transaction(async (tx) => {
    const before = await loadPolicy(tx);
    await saveSetting(tx, VERIFICATION_POLICY_KEY, input);
    await recordAudit(tx, meta, {
      action: 'verification.policy',
      targetType: 'setting',
      targetId: VERIFICATION_POLICY_KEY,
      summary: { before, after: input },
    });
  });
  return policyView(ctx);
}
