// The Reports page's address: a shared link means the same report, a broken one falls back, defaults stay out of it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DIMENSIONS, PERIODS } from '../../../../src/features/reports/rules/query.ts';
import {
  CHART_METRICS,
  nextSearch,
  REPORT_TABS,
  type ReportsSearch,
  rangeOf,
  reportsSearch,
  tabOf,
  ticketFiltersOf,
} from './reportsSearch.ts';

const now = Date.parse('2026-11-20T15:00:00Z');
const facilityId = '0190f0c4-7a2e-7cc1-8a53-5b1d1c0f2a10';

describe('the Reports page in the address', () => {
  it('reads "the scorecard for last quarter" back exactly', () => {
    const search = reportsSearch.parse({ tab: 'scorecards', from: '2026-07-01', to: '2026-10-01', facilityId });
    expect(tabOf(search, true)).toBe('scorecards');
    expect(rangeOf(search, now)).toEqual({ from: '2026-07-01', to: '2026-10-01' });
    expect(search.facilityId).toBe(facilityId);
  });

  it('falls back to defaults for a broken or hand-edited link instead of failing', () => {
    const search = reportsSearch.parse({
      tab: 'secrets',
      from: '2026-13-45',
      to: 7,
      facilityId: 'not-a-uuid',
      groupBy: 'shoe_size',
      period: 'fortnight',
      channel: 'fax',
      metric: 'happiness',
      event: 'last-week',
    });
    expect(search).toEqual({});
    expect(tabOf(search, true)).toBe('tickets');
    expect(ticketFiltersOf(search, now)).toEqual({
      from: '2025-11-01',
      to: '2026-11-21',
      groupBy: 'period',
      period: 'month',
      facilityId: undefined,
      channel: undefined,
    });
  });

  it('shows the ticket report to someone who may not read scorecards, whatever the link says', () => {
    expect(tabOf({ tab: 'scorecards' }, false)).toBe('tickets');
    expect(tabOf({ tab: 'identity' }, false)).toBe('tickets');
    expect(tabOf({ tab: 'golive' }, false)).toBe('tickets');
    expect(tabOf({ tab: 'golive', event: facilityId }, true)).toBe('golive');
    expect(tabOf({ tab: 'identity' }, true)).toBe('identity');
    expect(tabOf({ tab: 'phone' }, false)).toBe('phone');
  });

  it('keeps defaults out of the address and drops a period that no longer applies', () => {
    expect(nextSearch({ tab: 'scorecards', from: '2026-01-01' }, { tab: 'tickets' })).toEqual({ from: '2026-01-01' });
    expect(nextSearch({ period: 'week' }, { groupBy: 'facility' })).toEqual({ groupBy: 'facility' });
    expect(nextSearch({ groupBy: 'facility' }, { groupBy: 'period', period: 'week' })).toEqual({ period: 'week' });
    expect(nextSearch({ metric: 'reopenRate' }, { metric: 'fcrGross' })).toEqual({});
    expect(nextSearch({ facilityId }, { facilityId: undefined })).toEqual({});
  });

  it('gives the same report after a round trip through the address, for any state', () => {
    const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
    const state = fc.record({
      tab: opt(fc.constantFrom(...REPORT_TABS)),
      from: opt(fc.constantFrom('2025-01-01', '2026-03-31')),
      to: opt(fc.constantFrom('2026-04-01', '2026-12-31')),
      facilityId: opt(fc.constant(facilityId)),
      groupBy: opt(fc.constantFrom(...DIMENSIONS)),
      period: opt(fc.constantFrom(...PERIODS)),
      channel: opt(fc.constantFrom('phone' as const, 'portal' as const)),
      metric: opt(fc.constantFrom(...CHART_METRICS)),
      event: opt(fc.constant(facilityId)),
    });
    fc.assert(
      fc.property(state, state, (a, patch) => {
        const next = nextSearch(a as ReportsSearch, patch as Partial<ReportsSearch>);
        const read = reportsSearch.parse(JSON.parse(JSON.stringify(next)));
        expect(read).toEqual(next);
        expect(nextSearch(read, {})).toEqual(next);
        const merged = { ...a, ...patch } as ReportsSearch;
        // The report shown is the one asked for (a period only matters when grouping by period).
        const shown = ticketFiltersOf(read, now);
        const asked = ticketFiltersOf(merged, now);
        expect({ ...shown, period: shown.groupBy === 'period' ? shown.period : null }).toEqual({
          ...asked,
          period: asked.groupBy === 'period' ? asked.period : null,
        });
        expect(tabOf(read, true)).toBe(tabOf(merged, true));
        expect(read.event).toBe(merged.event);
      }),
    );
  });
});
