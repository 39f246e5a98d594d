// The desk's phone numbers as a run-time setting: an administrator keeps them (audited), and the portal shows each
// requester the number for their facility, plus the provider line to physicians and APPs.
import { z } from 'zod';
import type { Actor, RequestMeta } from '../../platform/actor.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Queryable } from '../../platform/db/connect.ts';
import { Invalid } from '../../platform/errors.ts';
import { findSetting, saveSetting } from './catalogue-store.ts';
import { changeDirectory, recordChange } from './commit.ts';
import type { DeskPhonesInput, DeskPhonesView, MyDeskPhones } from './desk-phones-schemas.ts';
import { findPersonOfUser } from './people-store.ts';
import { deskPhoneProblems, deskPhonesFor } from './rules.ts';
import { facilityNames } from './store.ts';

export const DESK_PHONES_KEY = 'desk_phones';

// What is stored: digits only, as the phone schema normalised them.
const stored = z.object({
  main: z.string().nullable(),
  providerLine: z.string().nullable(),
  facilities: z.array(z.object({ facilityId: z.string(), phone: z.string() })),
});
type Stored = z.infer<typeof stored>;
const NONE: Stored = { main: null, providerLine: null, facilities: [] };

async function readStored(db: Queryable): Promise<{ value: Stored; updatedAt: Date | null }> {
  const row = await findSetting(db, DESK_PHONES_KEY);
  const parsed = stored.safeParse(row?.value);
  return parsed.success && row ? { value: parsed.data, updatedAt: row.updatedAt } : { value: NONE, updatedAt: null };
}

export async function deskPhones(db: Queryable): Promise<DeskPhonesView> {
  const { value, updatedAt } = await readStored(db);
  const names = await facilityNames(
    db,
    value.facilities.map((f) => f.facilityId),
  );
  return {
    main: value.main,
    providerLine: value.providerLine,
    // A facility deleted since is simply no longer listed.
    facilities: value.facilities.flatMap((f) => {
      const facility = names.get(f.facilityId);
      return facility ? [{ facilityId: f.facilityId, facility, phone: f.phone }] : [];
    }),
    updatedAt: updatedAt?.toISOString() ?? null,
  };
}

export async function saveDeskPhones(ctx: AppContext, meta: RequestMeta, input: DeskPhonesInput) {
  return changeDirectory(ctx, async (tx) => {
    const names = await facilityNames(
      tx,
      input.facilities.map((f) => f.facilityId),
    );
    const problems = deskPhoneProblems(input.facilities, names);
    if (problems.length) {
      throw new Invalid(`Please check the facilities: ${problems.map((p) => p.message).join('; ')}.`, problems);
    }
    const before = (await readStored(tx)).value;
    const value: Stored = { main: input.main, providerLine: input.providerLine, facilities: input.facilities };
    await saveSetting(tx, DESK_PHONES_KEY, value);
    await recordChange(tx, meta, {
      action: 'setting.set',
      id: DESK_PHONES_KEY,
      summary: { before, after: value },
    });
    return deskPhones(tx);
  });
}

/** The number a requester should call: their facility's, else the desk's main line; and the provider line. */
export async function myDeskPhones(ctx: AppContext, actor: Actor): Promise<MyDeskPhones> {
  const db = ctx.database.db;
  const [{ value }, person] = await Promise.all([readStored(db), findPersonOfUser(db, actor.userId)]);
  return deskPhonesFor(value, person);
}
