import { describe, expect, it } from 'vitest';
import { timelineFromHistory } from './history.ts';

describe('timeline from history', () => {
  it('follows status changes, hand-offs, resolution and reopening', () => {
    const timeline = timelineFromHistory({ createdAt: 0, status: 'closed', tier: 'tier2', providerId: 'p2' }, [
      { at: 0, kind: 'opened' },
      { at: 0, kind: 'handoff', tier: 'tier1', providerId: 'p1' },
      { at: 10, kind: 'status', to: 'in_progress' },
      { at: 20, kind: 'handoff', tier: 'tier2', providerId: 'p2' },
      { at: 30, kind: 'status', to: 'pending_requester' },
      { at: 40, kind: 'resolved' },
      { at: 50, kind: 'reopened' },
      { at: 60, kind: 'resolved' },
      { at: 70, kind: 'closed' },
    ]);
    expect(timeline).toEqual([
      { at: 0, status: 'new', tier: 'tier1', providerId: 'p1' },
      { at: 10, status: 'in_progress', tier: 'tier1', providerId: 'p1' },
      { at: 20, status: 'in_progress', tier: 'tier2', providerId: 'p2' },
      { at: 30, status: 'pending_requester', tier: 'tier2', providerId: 'p2' },
      { at: 40, status: 'resolved', tier: 'tier2', providerId: 'p2' },
      { at: 50, status: 'in_progress', tier: 'tier2', providerId: 'p2' },
      { at: 60, status: 'resolved', tier: 'tier2', providerId: 'p2' },
      { at: 70, status: 'closed', tier: 'tier2', providerId: 'p2' },
    ]);
  });

  it('ends in the ticket row state even when the history is incomplete', () => {
    const timeline = timelineFromHistory(
      { createdAt: 5, status: 'pending_vendor', tier: 'vendor', providerId: 'v' },
      [],
    );
    expect(timeline).toEqual([{ at: 5, status: 'pending_vendor', tier: 'vendor', providerId: 'v' }]);
  });
});
