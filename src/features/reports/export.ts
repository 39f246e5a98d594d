// The report's rows (one per ticket, the facts behind every figure) as CSV or JSON pages. Streamed by keyset pages
// on the ticket number, so a million rows never sit in memory; no free text leaves, so no PHI does either.
import { csvField } from '../../platform/csv.ts';
import type { Queryable } from '../../platform/db/connect.ts';
import { formatTicketNumber } from '../tickets/rules/vocabulary.ts';
import { ExportNames, exportRows } from './report-store.ts';
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

const mins = (v: string | number | null) => (v === null ? null : Math.round(Number(v) / 6000) / 10);

/** One keyset page of rows after ticket number `after` (`names` kept across the pages of one export). */
export async function exportPage(
  db: Queryable,
  q: ReportFilter,
  after: number,
  limit: number,
  names = new ExportNames(db),
) {
  const rows = await exportRows(db, q, after, limit, names);
  return { rows: rowsOut(rows, names), lastNumber: lastNumberOf(rows) };
}

const lastNumberOf = (rows: Record<string, unknown>[]) => (rows.length ? Number(rows[rows.length - 1]!.number) : null);

function rowsOut(rows: Record<string, unknown>[], names: ExportNames): ExportRow[] {
  return rows.map(
    (r): ExportRow => ({
      ticket: formatTicketNumber(Number(r.number)),
      opened_at: r.created_at as string,
      channel: r.channel as string,
      type: r.type as string,
      priority: Number(r.priority),
      facility: names.name('facilities', r.facility_id as string | null),
      unit: names.name('units', r.unit_id as string | null),
      clinical_role: r.clinical_role as string | null,
      service: names.name('services', r.service_id as string | null),
      module: names.name('services', r.module_id as string | null),
      group: names.name('groups', r.group_id as string | null),
      agent: names.name('users', r.agent_id as string | null),
      highest_tier: r.highest_tier as string,
      live_contact: r.live_contact as boolean,
      fcr: r.fcr as boolean,
      net_fcr_eligible: r.net_eligible as boolean,
      first_touch: r.first_touch as boolean | null,
      escalated: r.escalated as boolean,
      reopened_within_7_days: r.reopened_7d as boolean,
      resolved_at: r.resolved_at as string | null,
      minutes_to_resolve: mins(r.resolve_wall_ms as string | null),
      calendar_minutes_to_resolve: mins(r.resolve_calendar_ms as string | null),
      sla_policy: r.sla_policy as string | null,
      response_met: r.response_met as boolean | null,
      resolution_met: r.resolution_met as boolean | null,
      patient_care_affected: r.patient_care_affected as boolean,
    }),
  );
}

/**
 * The CSV, header first, one chunk per keyset page. The next page is asked for as soon as this one's last number is
 * known, so the database reads it while this one is written out (two pages in memory at most).
 */
export async function* exportCsv(db: Queryable, q: ReportFilter, pageSize = 10_000): AsyncGenerator<string> {
  yield `${EXPORT_COLUMNS.join(',')}\r\n`;
  const names = new ExportNames(db);
  let next: Promise<Record<string, unknown>[]> | null = exportRows(db, q, -1, pageSize, names);
  while (next) {
    const rows: Record<string, unknown>[] = await next;
    const last = lastNumberOf(rows);
    next = last !== null && rows.length === pageSize ? exportRows(db, q, last, pageSize, names) : null;
    // If the download is abandoned at the yield below, nobody awaits the page asked for: its failure is no crash.
    next?.catch(() => {});
    if (!rows.length) return;
    yield rowsOut(rows, names)
      .map((r) => `${EXPORT_COLUMNS.map((c) => csvField(r[c])).join(',')}\r\n`)
      .join('');
  }
}
