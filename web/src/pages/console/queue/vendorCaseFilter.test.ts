import { describe, expect, it } from 'vitest';
import { VENDOR_CASE_FILTERS, vendorCaseLabel, vendorCaseOfStates, vendorCaseParams } from './vendorCaseFilter.ts';

describe('the "Vendor case" filter and row label', () => {
  it('asks the list for the vendor tier, or the case states, and reads a saved view back', () => {
    expect(vendorCaseParams('held')).toEqual({ tier: 'vendor' });
    expect(vendorCaseParams('needs_info')).toEqual({ vendorState: ['needs_info'] });
    expect(vendorCaseParams('fix_proposed')).toEqual({ vendorState: ['fix_proposed', 'fix_released'] });
    expect(vendorCaseParams(undefined)).toEqual({});
    for (const f of VENDOR_CASE_FILTERS.filter((x) => x !== 'held'))
      expect(vendorCaseOfStates(vendorCaseParams(f).vendorState)).toBe(f);
    expect(vendorCaseOfStates(['working'])).toBeUndefined();
    expect(vendorCaseOfStates(undefined)).toBeUndefined();
  });

  it('labels the rows a vendor holds, and marks those where the desk has something to do', () => {
    expect(vendorCaseLabel({ tier: 'tier1', vendorState: null })).toBeNull();
    expect(vendorCaseLabel({ tier: 'vendor', vendorState: null })).toEqual({
      text: 'With the vendor',
      attention: false,
    });
    expect(vendorCaseLabel({ tier: 'vendor', vendorState: 'needs_info' })).toEqual({
      text: 'Vendor needs information from us',
      attention: true,
    });
    expect(vendorCaseLabel({ tier: 'vendor', vendorState: 'fix_released' })?.attention).toBe(true);
    expect(vendorCaseLabel({ tier: 'vendor', vendorState: 'working' })?.attention).toBe(false);
  });
});
