// The identity-check report for desk managers and security (reports:read-all): how many credential requests were
// checked, changed, failed or left open, which checks the desk uses and how often they fail or are refused, and the
// accounts with repeated changes, failed checks or alerts — the pattern the HHS HC3 2024 alerts describe.
import type { ActorMeta } from '../../../platform/actor.ts';
import { recordAudit } from '../../../platform/audit/service.ts';
import type { AppContext } from '../../../platform/context.ts';
import { inReportTime } from '../../reports/service.ts';
import type { Method, RequestKind } from '../rules/vocabulary.ts';
import type { IdentityCheckQuery, IdentityCheckReport } from '../schemas.ts';
import * as store from '../store.ts';

const WATCH_LIMIT = 50;

export async function identityCheckReport(
  ctx: AppContext,
  meta: ActorMeta,
  query: IdentityCheckQuery,
): Promise<IdentityCheckReport> {
  const db = ctx.database.db;
  const range = await inReportTime(db, query);
  const [requests, methods, accounts, alerts] = [
    await store.requestTallies(db, range),
    await store.methodTallies(db, range),
    await store.accountsToWatch(db, range, WATCH_LIMIT),
    await store.alertCount(db, range),
  ];
  const byRequest = requests.map((r) => ({
    request: r.request as RequestKind,
    started: r.started,
    highRisk: r.high_risk,
    fastPath: r.fast_path,
    changed: r.changed,
    failed: r.failed,
    open: r.open,
  }));
  const sum = (k: keyof (typeof byRequest)[number] & string) => byRequest.reduce((n, r) => n + (r[k] as number), 0);
  // Names of staff whose accounts are watched: a read of sensitive data, so it is in the audit trail.
  await recordAudit(db, meta, {
    action: 'verification.report',
    targetType: 'report',
    summary: {
      from: range.from.toISOString(),
      to: range.to.toISOString(),
      facilityId: query.facilityId ?? null,
      accounts: accounts.length,
    },
  });
  return {
    range: { from: range.from.toISOString(), to: range.to.toISOString() },
    totals: {
      started: sum('started'),
      highRisk: sum('highRisk'),
      fastPath: sum('fastPath'),
      changed: sum('changed'),
      failed: sum('failed'),
      open: sum('open'),
      alerts,
    },
    byRequest,
    byMethod: methods.map((m) => ({
      method: m.method as Method,
      passed: m.passed,
      failed: m.failed,
      refused: m.refused,
    })),
    accounts: accounts.map((a) => ({
      personId: a.person_id,
      displayName: a.display_name,
      clinicalRole: a.clinical_role,
      changes: a.changes,
      failedChecks: a.failed_checks,
      alerts: a.alerts,
    })),
  };
}
