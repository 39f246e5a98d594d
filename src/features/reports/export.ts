// The report's rows (one per ticket, the facts behind every figure) as CSV or JSON pages. Streamed by keyset pages
// on the ticket number, so a million rows never sit in memory; no free text leaves, so no PHI does either.
import { csvField } from '../../platform/csv.ts';
import type { Queryable } from '../../platform/db/connect.ts';
import { formatTicketNumber } from '../tickets/rules/vocabulary.ts';
import { exportRows } from './report-store.ts';
import type { ReportFilter } from './schemas.ts';

export const EXPORT_COLUMNS = [
  'ticket',
  'opened_at',
  'channel',
  'type',
  'priority',
  'facility',
  'unit',
  'clinical_role',
  'service',
  'module',
  'group',
  'agent',
  'highest_tier',
  'live_contact',
  'fcr',
  'net_fcr_eligible',
  'first_touch',
  'escalated',
  'reopened_within_7_days',
  'resolved_at',
  'minutes_to_resolve',
  'calendar_minutes_to_resolve',
  'sla_policy',
  'response_met',
  'resolution_met',
  'patient_care_affected',
] as const;

export type ExportRow = Record<(typeof EXPORT_COLUMNS)[number], string | number | boolean | null>;

const iso = (v: string | Date | null) => (v === null ? null : new Date(v).toISOString());
const mins = (v: string | number | null) => (v === null ? null : Math.round(Number(v) / 6000) / 10);

/** One keyset page of rows after ticket number `after`. */
export async function exportPage(db: Queryable, q: ReportFilter, after: number, limit: number) {
  const rows = await exportRows(db, q, after, limit);
  const lastNumber = rows.length ? Number(rows[rows.length - 1]!.number) : null;
  const out = rows.map(
    (r): ExportRow => ({
      ticket: formatTicketNumber(Number(r.number)),
      opened_at: iso(r.created_at as string),
      channel: r.channel as string,
      type: r.type as string,
      priority: Number(r.priority),
      facility: r.facility as string | null,
      unit: r.unit as string | null,
      clinical_role: r.clinical_role as string | null,
      service: r.service as string | null,
      module: r.module as string | null,
      group: r.group as string | null,
      agent: r.agent as string | null,
      highest_tier: r.highest_tier as string,
      live_contact: r.live_contact as boolean,
      fcr: r.fcr as boolean,
      net_fcr_eligible: r.net_eligible as boolean,
      first_touch: r.first_touch as boolean | null,
      escalated: r.escalated as boolean,
      reopened_within_7_days: r.reopened_7d as boolean,
      resolved_at: iso(r.resolved_at as string | null),
      minutes_to_resolve: mins(r.resolve_wall_ms as string | null),
      calendar_minutes_to_resolve: mins(r.resolve_calendar_ms as string | null),
      sla_policy: r.sla_policy as string | null,
      response_met: r.response_met as boolean | null,
      resolution_met: r.resolution_met as boolean | null,
      patient_care_affected: r.patient_care_affected as boolean,
    }),
  );
  return { rows: out, lastNumber };
}

/** The CSV, header first, one chunk per keyset page. */
export async function* exportCsv(db: Queryable, q: ReportFilter, pageSize = 5000): AsyncGenerator<string> {
  yield `${EXPORT_COLUMNS.join(',')}\r\n`;
  let after = -1;
  for (;;) {
    const { rows, lastNumber } = await exportPage(db, q, after, pageSize);
    if (lastNumber === null) return;
    yield rows.map((r) => `${EXPORT_COLUMNS.map((c) => csvField(r[c])).join(',')}\r\n`).join('');
    after = lastNumber;
    if (rows.length < pageSize) return;
  }
}
