// The recovery checklist after a downtime: the template's items for each affected unit, and how far along it is.
export const RECOVERY_TEMPLATE = [
  { key: 'back_entry_orders', title: 'Back-enter orders written on paper during the downtime' },
  { key: 'back_entry_results', title: 'Back-enter results received on paper or by phone' },
  { key: 'mrn_reconciliation', title: 'Reconcile downtime MRNs and wristbands with the master patient index' },
  { key: 'unit_verification', title: 'Verify the unit is back on the EHR (charting, orders, MAR, printing)' },
] as const;
export type RecoveryItemKey = (typeof RECOVERY_TEMPLATE)[number]['key'];
export const RECOVERY_ITEM_KEYS = RECOVERY_TEMPLATE.map((t) => t.key) as [RecoveryItemKey, ...RecoveryItemKey[]];

export type RecoveryUnit = { id: string; name: string };
export type PlannedItem = { unitId: string; key: RecoveryItemKey; title: string; position: number };

/** One item per template line per unit, units in the order given, each unit's items in the template's order. */
export function checklistFor(units: RecoveryUnit[]): PlannedItem[] {
  const seen = new Set<string>();
  const items: PlannedItem[] = [];
  for (const u of units) {
    if (seen.has(u.id)) continue;
    seen.add(u.id);
    for (const t of RECOVERY_TEMPLATE) {
      items.push({ unitId: u.id, key: t.key, title: t.title, position: items.length });
    }
  }
  return items;
}

export type ItemProgress = { done: boolean };
export function progressOf(items: ItemProgress[]): { done: number; total: number; complete: boolean } {
  const done = items.filter((i) => i.done).length;
  return { done, total: items.length, complete: items.length > 0 && done === items.length };
}
