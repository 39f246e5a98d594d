// What a person on a go-live shift now may use to log issues from the portal (a unit super-user: a requester account
// whose person has the flag). Only their own current shifts and their own unit, when it is in a zone of that
// go-live: never the roster's people, other zones' units or issues, or the board (docs/golive.md).
import type { Actor } from '../../platform/actor.ts';
import type { AppContext } from '../../platform/context.ts';
import { personOfUser } from '../directory/service.ts';
import * as store from './intake-store.ts';
import { EARLY_CHECK_IN_MS } from './rules.ts';
import type { MyIntakeView } from './schemas.ts';

export async function myIntake(ctx: AppContext, actor: Actor, now = new Date()): Promise<MyIntakeView> {
  const db = ctx.database.db;
  const me = await personOfUser(db, actor.userId);
  if (!me) return { superUser: false, goLives: [] };
  // The same window logging allows (logIssue: from the check-in window before the shift until it ends).
  const shifts = await store.shiftsCovering(db, me.id, now, EARLY_CHECK_IN_MS);
  const goLives = await Promise.all(
    shifts.map(async (s) => ({
      id: s.event_id,
      name: s.event,
      timeZone: s.time_zone,
      shift: { zone: s.zone, startsAt: new Date(s.starts_at).toISOString(), endsAt: new Date(s.ends_at).toISOString() },
      units: me.unitId ? await store.unitInEvent(db, s.event_id, me.unitId) : [],
    })),
  );
  return { superUser: me.superUser, goLives };
}
