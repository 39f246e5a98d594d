// What the ticket's dialogs send, checked first by the server's own schemas: resolving (updateTicketBody's status and
// resolution), escalating (escalationBody) and linking (linkBody); each problem is said under the field it is about,
// in the desk's words for what is missing and the server's for the rest. Pure, tested without a browser.
import type { z } from 'zod';
import type { Tier } from '../../../../../src/domain/vocabulary.ts';
import type { LinkKind } from '../../../../../src/features/tickets/rules/vocabulary.ts';
import { escalationBody, linkBody, updateTicketBody } from '../../../../../src/features/tickets/schemas.ts';
import { type FormErrors, schemaErrors, type Wording } from '../../../forms/schemaErrors.ts';
import type { ResolveValue } from '../intake/ResolveFields.tsx';
import type { TicketChange } from './useTicketActions.ts';

// Resolve --------------------------------------------------------------------------------------------------------

export const NO_RESOLUTION: ResolveValue = { code: null, note: '' };

/** The change sent: the version read is added by useTicketActions (a stale one is a 409). */
export function resolveChange(value: ResolveValue): TicketChange {
  return { status: 'resolved', resolution: { code: value.code!, note: value.note.trim() } };
}

const RESOLUTION_NEEDED = 'Choose a resolution code and say what fixed it';
const RESOLVE_WORDING: Wording = {
  labels: { 'resolution.note': 'Resolution note' },
  required: { 'resolution.note': RESOLUTION_NEEDED },
};

/** A missing code or note is one problem (`resolution`, shown where it is missing); a note too long is the note's. */
export function resolveProblems(value: ResolveValue): FormErrors {
  const change = { ...resolveChange(value), version: 1 };
  const {
    'resolution.code': _code,
    'resolution.note': note,
    ...rest
  } = schemaErrors(updateTicketBody, change, RESOLVE_WORDING);
  const errors: FormErrors = rest;
  if (!value.code || note === RESOLUTION_NEEDED) errors.resolution = RESOLUTION_NEEDED;
  else if (note) errors['resolution.note'] = note;
  return errors;
}

// Escalate -------------------------------------------------------------------------------------------------------

export type EscalateValues = {
  toTier: Tier | null;
  groupId: string | null;
  reason: string;
  vendorReference: string;
};

/** Tier 1 escalates to tier 2 unless the agent says otherwise; from any other tier the agent chooses. */
export function escalateStart(from: Tier): EscalateValues {
  return { toTier: from === 'tier1' ? 'tier2' : null, groupId: null, reason: '', vendorReference: '' };
}

/** The body as the form builds it; without a tier it is not an escalation yet (the schema says so). The vendor's
 * case number goes only to a vendor; an empty group means the one that covers the application at that tier. */
export function escalateRequest(values: EscalateValues): z.input<typeof escalationBody> {
  const vendorReference = values.vendorReference.trim();
  return {
    toTier: (values.toTier ?? undefined) as Tier,
    groupId: values.groupId ?? undefined,
    reason: values.reason.trim(),
    vendorReference: values.toTier === 'vendor' && vendorReference ? vendorReference : undefined,
  };
}

export const ESCALATE_WORDING: Wording = {
  labels: { vendorReference: 'Vendor case number' },
  required: { toTier: 'Choose the tier that takes it next' },
};
const REASON_NEEDED = 'Say why, so the next tier does not start over';

export function escalateProblems(values: EscalateValues): FormErrors {
  const errors = schemaErrors(escalationBody, escalateRequest(values), ESCALATE_WORDING);
  // Too short to tell the next tier anything is the same as not saying why.
  if (values.reason.trim().length < 3) errors.reason = REASON_NEEDED;
  return errors;
}

// Link -----------------------------------------------------------------------------------------------------------

export type LinkValues = { kind: LinkKind; other: string };

export const NO_LINK: LinkValues = { kind: 'related', other: '' };

export function linkRequest(values: LinkValues): z.input<typeof linkBody> {
  return { kind: values.kind, other: values.other.trim() };
}

export const LINK_WORDING: Wording = {
  labels: { other: 'Other ticket number' },
  required: { other: 'Give the other ticket’s number' },
};

export function linkProblems(values: LinkValues): FormErrors {
  return schemaErrors(linkBody, linkRequest(values), LINK_WORDING);
}
