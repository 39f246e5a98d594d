// The go-live command center (docs/golive.md): events and their zones, the board, duplicates, known issues, the
// roster with check-in/out, the ATE intake, hourly roll-ups and the huddle report. Shapes from the server's schemas.
import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import { facilityView, pageOf, unitView } from '../../../src/features/directory/schemas.ts';
import type { RollupDimension } from '../../../src/features/golive/rules.ts';
import {
  boardView,
  type eventBody,
  type eventPatch,
  eventSummary,
  eventView,
  huddleView,
  type IssueInput,
  issueResult,
  type KnownIssueInput,
  knownIssueView,
  myIntakeView,
  rollupView,
  rosterView,
  shiftView,
  type ZonePatch,
  type zoneBody,
  zoneView,
} from '../../../src/features/golive/schemas.ts';
import { apiRequest } from './client.ts';

export type { EventView as GoLiveEvent } from '../../../src/features/golive/schemas.ts';
export type BoardView = z.infer<typeof boardView>;
export type BoardItem = BoardView['open'][number];
export type KnownIssue = z.infer<typeof knownIssueView>;
export type RosterView = z.infer<typeof rosterView>;
export type ShiftView = z.infer<typeof shiftView>;
export type RollupView = z.infer<typeof rollupView>;
export type HuddleView = z.infer<typeof huddleView>;
export type ZoneView = z.infer<typeof zoneView>;
export type MyIntake = z.infer<typeof myIntakeView>;

const base = (id: string) => `/api/v1/golive/events/${encodeURIComponent(id)}`;

export const goLiveKeys = {
  all: ['golive'] as const,
  events: ['golive', 'events'] as const,
  event: (id: string) => ['golive', 'event', id] as const,
  board: (id: string) => ['golive', 'board', id] as const,
  known: (id: string) => ['golive', 'known', id] as const,
  roster: (id: string) => ['golive', 'roster', id] as const,
  rollup: (id: string, by: RollupDimension, hours: number) => ['golive', 'rollup', id, by, hours] as const,
  huddle: (id: string) => ['golive', 'huddle', id] as const,
  mine: ['golive', 'my-intake'] as const,
  facilities: ['golive', 'facilities'] as const,
  units: (facilityIds: readonly string[]) => ['golive', 'units', ...facilityIds] as const,
};

export const goLiveEventsQuery = queryOptions({
  queryKey: goLiveKeys.events,
  queryFn: () => apiRequest('GET', '/api/v1/golive/events', { schema: z.array(eventSummary) }),
});

export const goLiveEventQuery = (id: string) =>
  queryOptions({ queryKey: goLiveKeys.event(id), queryFn: () => apiRequest('GET', base(id), { schema: eventView }) });

export const boardQuery = (id: string) =>
  queryOptions({
    queryKey: goLiveKeys.board(id),
    queryFn: () => apiRequest('GET', `${base(id)}/board`, { schema: boardView }),
  });

export const knownIssuesQuery = (id: string) =>
  queryOptions({
    queryKey: goLiveKeys.known(id),
    queryFn: () => apiRequest('GET', `${base(id)}/known-issues`, { schema: z.array(knownIssueView) }),
  });

export const rosterQuery = (id: string) =>
  queryOptions({
    queryKey: goLiveKeys.roster(id),
    queryFn: () => apiRequest('GET', `${base(id)}/roster`, { schema: rosterView }),
  });

export const rollupQuery = (id: string, by: RollupDimension, hours: number) =>
  queryOptions({
    queryKey: goLiveKeys.rollup(id, by, hours),
    queryFn: () => apiRequest('GET', `${base(id)}/rollup?by=${by}&hours=${hours}`, { schema: rollupView }),
  });

export const huddleQuery = (id: string) =>
  queryOptions({
    queryKey: goLiveKeys.huddle(id),
    queryFn: () => apiRequest('GET', `${base(id)}/huddle`, { schema: huddleView }),
  });

export const logIssue = (id: string, body: Omit<IssueInput, 'description'> & { description?: string }) =>
  apiRequest('POST', `${base(id)}/issues`, { body, schema: issueResult });

export const markDuplicate = (id: string, number: string, of: string) =>
  apiRequest('POST', `${base(id)}/issues/${encodeURIComponent(number)}/duplicate`, {
    body: { of },
    schema: z.object({ number: z.string() }).loose(),
  });

export const publishKnownIssue = (id: string, body: KnownIssueInput) =>
  apiRequest('POST', `${base(id)}/known-issues`, { body, schema: knownIssueView });

export const retireKnownIssue = (id: string, knownId: string) =>
  apiRequest('DELETE', `${base(id)}/known-issues/${encodeURIComponent(knownId)}`);

export const addShift = (
  id: string,
  body: { personId: string; zoneId: string | null; role: ShiftView['role']; startsAt: string; endsAt: string },
) => apiRequest('POST', `${base(id)}/shifts`, { body, schema: shiftView });

export const removeShift = (id: string, shiftId: string) =>
  apiRequest('DELETE', `${base(id)}/shifts/${encodeURIComponent(shiftId)}`);

export const checkShift = (id: string, shiftId: string, what: 'in' | 'out') =>
  apiRequest('POST', `${base(id)}/shifts/${encodeURIComponent(shiftId)}/check-${what}`, { schema: shiftView });

// ---- Setting up a go-live (managers): the event, its zones ----

export const createGoLive = (body: z.input<typeof eventBody>) =>
  apiRequest('POST', '/api/v1/golive/events', { body, schema: eventView });

export const updateGoLive = (id: string, body: z.input<typeof eventPatch>) =>
  apiRequest('PATCH', base(id), { body, schema: eventView });

export const createZone = (id: string, body: z.input<typeof zoneBody>) =>
  apiRequest('POST', `${base(id)}/zones`, { body, schema: zoneView });

export const updateZone = (id: string, zoneId: string, body: ZonePatch) =>
  apiRequest('PATCH', `${base(id)}/zones/${encodeURIComponent(zoneId)}`, { body, schema: zoneView });

export const deleteZone = (id: string, zoneId: string, version: number) =>
  apiRequest('DELETE', `${base(id)}/zones/${encodeURIComponent(zoneId)}?version=${version}`);

/** The facilities a go-live may cover (directory:read). */
export const goLiveFacilitiesQuery = queryOptions({
  queryKey: goLiveKeys.facilities,
  queryFn: () => apiRequest('GET', '/api/v1/facilities?limit=500', { schema: pageOf(facilityView) }),
  staleTime: 5 * 60_000,
});

/** The units of the go-live's facilities, for its zones. */
export const goLiveUnitsQuery = (facilityIds: readonly string[]) =>
  queryOptions({
    queryKey: goLiveKeys.units(facilityIds),
    queryFn: async () =>
      (
        await Promise.all(
          facilityIds.map((f) =>
            apiRequest('GET', `/api/v1/units?facilityId=${encodeURIComponent(f)}&limit=500`, {
              schema: pageOf(unitView),
            }),
          ),
        )
      ).flatMap((p) => p.items),
    staleTime: 60_000,
  });

// ---- The intake of a person on a go-live shift now (super-users, from the portal) ----

export const myIntakeQuery = queryOptions({
  queryKey: goLiveKeys.mine,
  queryFn: () => apiRequest('GET', '/api/v1/golive/my-intake', { schema: myIntakeView }),
});

/** The current known issues of every go-live running now (any signed-in person). */
export const currentKnownIssuesQuery = queryOptions({
  queryKey: ['golive', 'known-now'] as const,
  queryFn: () => apiRequest('GET', '/api/v1/golive/known-issues', { schema: z.array(knownIssueView) }),
});
