// SLA countdowns: the state in words and an icon-like prefix as well as colour (breached, at risk, on track,
// paused, met), re-rendered every 30 seconds so the time left stays true on a screen left open.
import { Badge, type BadgeProps, Tooltip, VisuallyHidden } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { SlaBrief } from '../../../src/features/sla/view.ts';
import { formatWhen } from './ticketWords.ts';

export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** "2 h 05 m", "12 m", "45 s" */
export function formatSpan(ms: number): string {
  const totalMinutes = Math.floor(Math.abs(ms) / 60_000);
  if (totalMinutes < 1) return `${Math.max(1, Math.floor(Math.abs(ms) / 1000))} s`;
  const days = Math.floor(totalMinutes / 1440);
  const hours = Math.floor((totalMinutes % 1440) / 60);
  const minutes = totalMinutes % 60;
  if (days) return hours ? `${days} d ${hours} h` : `${days} d`;
  if (hours) return `${hours} h ${String(minutes).padStart(2, '0')} m`;
  return `${minutes} m`;
}

export type SlaLook = { tone: 'breached' | 'risk' | 'ok' | 'paused' | 'met'; text: string; detail: string };

const CLOCK_WORDS = { response: 'First response', resolution: 'Resolution' } as const;

/** What to say about a clock now: pure, so the queue and the ticket page agree. */
export function slaLook(
  clock: 'response' | 'resolution',
  c: { state: string; dueAt: string | null; remainingMinutes: number | null; atRisk: boolean; breached: boolean },
  now: number,
): SlaLook {
  const what = CLOCK_WORDS[clock];
  const due = c.dueAt ? Date.parse(c.dueAt) : null;
  if (c.state === 'stopped') {
    return c.breached
      ? { tone: 'breached', text: `${what}: missed`, detail: `${what} target was missed` }
      : { tone: 'met', text: `${what}: met`, detail: `${what} target was met` };
  }
  if (c.state === 'paused') {
    const left = (c.remainingMinutes ?? 0) * 60_000;
    return c.breached || left <= 0
      ? { tone: 'breached', text: `Breached · paused`, detail: `${what} target was missed; the clock is paused` }
      : { tone: 'paused', text: `Paused · ${formatSpan(left)} left`, detail: `${what} clock paused while waiting` };
  }
  if (due !== null && (c.breached || due <= now)) {
    return {
      tone: 'breached',
      text: `Breached · ${formatSpan(now - due)}`,
      detail: `${what} was due ${formatWhen(c.dueAt!)}`,
    };
  }
  const left = due !== null ? due - now : (c.remainingMinutes ?? 0) * 60_000;
  return {
    tone: c.atRisk ? 'risk' : 'ok',
    text: `${c.atRisk ? 'At risk · ' : ''}${formatSpan(left)} left`,
    detail: `${what} due ${c.dueAt ? formatWhen(c.dueAt) : 'when the calendar opens'}`,
  };
}

const TONES: Record<SlaLook['tone'], { color: string; variant: BadgeProps['variant']; mark: string }> = {
  breached: { color: 'red.9', variant: 'filled', mark: '✕' },
  risk: { color: '#9c3d00', variant: 'filled', mark: '!' },
  ok: { color: '#1b5e2b', variant: 'outline', mark: '◷' },
  paused: { color: 'gray.7', variant: 'outline', mark: '❚❚' },
  met: { color: '#1b5e2b', variant: 'outline', mark: '✓' },
};

export function SlaBadge({ look, ...props }: { look: SlaLook } & BadgeProps) {
  const tone = TONES[look.tone];
  return (
    <Tooltip label={look.detail} withArrow>
      <Badge
        color={tone.color}
        variant={tone.variant}
        radius="sm"
        tt="none"
        data-sla={look.tone}
        style={{ minWidth: 'max-content' }}
        {...props}
      >
        <span aria-hidden="true">{tone.mark} </span>
        <VisuallyHidden>SLA, {look.detail}: </VisuallyHidden>
        {look.text}
      </Badge>
    </Tooltip>
  );
}

export function SlaCountdown({ sla }: { sla: SlaBrief | null }) {
  const now = useNow();
  if (!sla)
    return (
      <span>
        <span aria-hidden="true">—</span>
        <VisuallyHidden>No SLA applies</VisuallyHidden>
      </span>
    );
  return <SlaBadge look={slaLook(sla.clock, sla, now)} />;
}
