// The console's "Vendor case" filter and the label on rows a support provider holds (issue 16): the desk sees at a
// glance which tickets wait on a vendor, which wait on the hospital (the vendor needs information from us), and which
// have a fix to confirm with the clinician.

import type { Tier } from '../../../../../src/domain/vocabulary.ts';
import type { VendorState } from '../../../../../src/features/tickets/rules/vendor-case.ts';
import type { TicketListParams } from '../../../api/tickets.ts';

export const VENDOR_CASE_FILTERS = ['held', 'needs_info', 'fix_proposed'] as const;
export type VendorCaseFilter = (typeof VENDOR_CASE_FILTERS)[number];

export const VENDOR_CASE_FILTER_LABELS: Record<VendorCaseFilter, string> = {
  held: 'Held by a provider',
  needs_info: 'Needs information from us',
  fix_proposed: 'Fix proposed or released',
};

/** What the filter asks of the list: the vendor tier, or the vendor's case state. */
export function vendorCaseParams(filter: VendorCaseFilter | undefined): Pick<TicketListParams, 'tier' | 'vendorState'> {
  if (filter === 'held') return { tier: 'vendor' };
  if (filter === 'needs_info') return { vendorState: ['needs_info'] };
  if (filter === 'fix_proposed') return { vendorState: ['fix_proposed', 'fix_released'] };
  return {};
}

/** The filter a saved view's case states stand for (undefined: none, or states the console has no choice for). */
export function vendorCaseOfStates(states: unknown): VendorCaseFilter | undefined {
  if (!Array.isArray(states) || !states.length) return undefined;
  const key = [...states].sort().join(',');
  if (key === 'needs_info') return 'needs_info';
  if (key === 'fix_proposed,fix_released') return 'fix_proposed';
  return undefined;
}

const DESK_WORDS: Record<VendorState, string> = {
  working: 'Vendor working on it',
  needs_info: 'Vendor needs information from us',
  fix_proposed: 'Vendor proposed a fix',
  fix_released: 'Vendor released a fix',
};

/** The label on a queue row a provider holds, or null; `attention` when the desk has something to do. */
export function vendorCaseLabel(t: {
  tier: Tier;
  vendorState?: VendorState | null;
}): { text: string; attention: boolean } | null {
  if (t.vendorState) return { text: DESK_WORDS[t.vendorState], attention: t.vendorState !== 'working' };
  return t.tier === 'vendor' ? { text: 'With the vendor', attention: false } : null;
}
