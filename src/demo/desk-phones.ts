// The demo hospital's desk numbers: one per facility in its own area code, a provider line and a main line, all in
// the 555-01xx range that is set aside for fiction.
import { saveSetting } from '../features/directory/catalogue-store.ts';
import { DESK_PHONES_KEY } from '../features/directory/desk-phones.ts';
import type { Tx } from '../platform/db/connect.ts';
import type { Facility } from './organisation.ts';

export async function seedDeskPhones(tx: Tx, facilities: Facility[]): Promise<number> {
  const value = {
    main: '13125550199',
    providerLine: '13125550111',
    facilities: facilities.map((f) => ({ facilityId: f.id, phone: `1${f.areaCode}5550100` })),
  };
  await saveSetting(tx, DESK_PHONES_KEY, value);
  return value.facilities.length;
}
