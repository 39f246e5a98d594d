// A timeline entry written inside another use case's transaction (features/incident-comms posts each update here),
// so the incident's timeline tells the whole story in one place.
import type { Queryable } from '../../../platform/db/connect.ts';
import { newId } from '../../../platform/ids.ts';
import * as store from '../store.ts';

export async function recordTimelineEvent(
  tx: Queryable,
  incidentId: string,
  authorId: string | null,
  body: string,
  data: Record<string, unknown> = {},
): Promise<void> {
  await store.insertTimeline(tx, { id: newId(), incidentId, kind: 'event', body, data, authorId, at: new Date() });
}
