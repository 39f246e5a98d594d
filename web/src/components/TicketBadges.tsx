// Badges that carry their meaning in words as well as colour: priority, status, tier, provider, sensitive account.
import { Badge, type BadgeProps, Tooltip, VisuallyHidden } from '@mantine/core';
import type { Tier } from '../../../src/domain/vocabulary.ts';
import type { Status } from '../../../src/features/tickets/rules/vocabulary.ts';
import { STATUS_LABELS, TIER_LABELS, TIER_SHORT } from './ticketWords.ts';

// P1 and P2 are solid (white text on a dark red or dark orange); P3 and P4 outlined. Every pair passes 4.5:1.
const PRIORITY_STYLES = [
  { color: 'red.9', variant: 'filled' },
  { color: '#9c3d00', variant: 'filled' },
  { color: 'blue.9', variant: 'outline' },
  { color: 'gray.7', variant: 'outline' },
] as const;
const PRIORITY_WORDS = ['critical', 'high', 'moderate', 'low'] as const;
// Badges truncate by default; in a tight table cell they must keep their words.
const KEEP_WORDS = { minWidth: 'max-content' } as const;

export function PriorityBadge({ priority, ...props }: { priority: number } & BadgeProps) {
  const index = Math.min(Math.max(priority, 1), 4) - 1;
  return (
    <Badge
      color={PRIORITY_STYLES[index]!.color}
      variant={PRIORITY_STYLES[index]!.variant}
      radius="sm"
      style={KEEP_WORDS}
      title={`Priority ${priority}, ${PRIORITY_WORDS[index]}`}
      {...props}
    >
      P{priority}
      <VisuallyHidden> ({PRIORITY_WORDS[index]})</VisuallyHidden>
    </Badge>
  );
}

const STATUS_COLORS: Record<Status, string> = {
  new: 'desk',
  in_progress: 'blue',
  pending_requester: 'yellow',
  pending_vendor: 'grape',
  pending_change: 'yellow',
  resolved: 'green',
  closed: 'gray',
};

/** `wrap` lets a long status take two lines in a narrow table column instead of being cut. */
export function StatusBadge({ status, wrap, ...props }: { status: Status; wrap?: boolean } & BadgeProps) {
  return (
    <Badge
      color={STATUS_COLORS[status]}
      variant="light"
      radius="sm"
      tt="none"
      style={wrap ? undefined : KEEP_WORDS}
      h={wrap ? 'auto' : undefined}
      py={wrap ? 2 : undefined}
      styles={wrap ? { label: { whiteSpace: 'normal', lineHeight: 1.25 } } : undefined}
      {...props}
    >
      {STATUS_LABELS[status]}
    </Badge>
  );
}

/** The short tier ("T2") for a tight cell or card; the full name on hover. */
export function TierBadge({ tier, ...props }: { tier: Tier } & BadgeProps) {
  return (
    <Badge variant="default" radius="sm" tt="none" title={TIER_LABELS[tier]} style={KEEP_WORDS} {...props}>
      {TIER_SHORT[tier]}
    </Badge>
  );
}

export function ProviderBadge(props: BadgeProps) {
  return (
    <Tooltip label="Physician or advanced practice provider: priority line" withArrow>
      <Badge color="desk" variant="outline" radius="sm" size="xs" tt="none" style={KEEP_WORDS} {...props}>
        Provider
      </Badge>
    </Tooltip>
  );
}

export function SensitiveBadge(props: BadgeProps) {
  return (
    <Tooltip label="Sensitive account: verify identity out of band before credential changes" withArrow>
      <Badge color="red.9" variant="outline" radius="sm" size="xs" tt="none" style={KEEP_WORDS} {...props}>
        Sensitive
      </Badge>
    </Tooltip>
  );
}

export function PatientCareBadge(props: BadgeProps) {
  return (
    <Badge color="red" variant="light" radius="sm" size="xs" tt="none" style={KEEP_WORDS} {...props}>
      Patient care affected
    </Badge>
  );
}
