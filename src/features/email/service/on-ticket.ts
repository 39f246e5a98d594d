// The intake's writes through the tickets' and the directory's own use cases: who the sender is (a person on file,
// or a new unverified requester), a new ticket from email, the desk's notes, and the files a message carried.
import type { RequestMeta } from '../../../platform/actor.ts';
import type { Queryable } from '../../../platform/db/connect.ts';
import { addPersonFromEmailTx, findPeopleByEmail } from '../../directory/service.ts';
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_TYPES, TICKET_TEXT_MAX } from '../../tickets/schemas.ts';
import { checkFileContent } from '../../tickets/service/links-and-files.ts';
import { attachMailFileTx, deskNoteTx } from '../../tickets/service/mail-replies.ts';
import { openTicketTx } from '../../tickets/service/open-ticket.ts';
import type { TicketRow } from '../../tickets/service/reads.ts';
import { cleanSubject } from '../rules/threading.ts';
import { recordUnverifiedSender, unverifiedPersonByEmail } from '../store.ts';

export type Sender = {
  person: { id: string; userId: string | null; facilityId: string | null; unitId: string | null };
  unverified: boolean;
};

/** The person on file with this address, else a new requester recorded as unverified (reused for their next mail). */
export async function senderOf(tx: Queryable, meta: RequestMeta, from: { address: string; name: string }) {
  const [known] = await findPeopleByEmail(tx, from.address);
  const unverifiedId = await unverifiedPersonByEmail(tx, from.address);
  if (known) return { person: known, unverified: known.id === unverifiedId } satisfies Sender;
  const displayName = (from.name || from.address).slice(0, 120);
  const person = await addPersonFromEmailTx(tx, meta, { displayName, email: from.address });
  await recordUnverifiedSender(tx, person.id, from.address);
  return { person, unverified: true } satisfies Sender;
}

const CUT_NOTE = '\n\n(The message was longer; the whole email is kept with the intake.)';

/** A new ticket from email, through the tickets' own core: priority, queue, SLA, audit, outbox and live update. */
export async function openFromMail(
  tx: Queryable,
  meta: RequestMeta,
  m: { sender: Sender; subject: string; body: string; note: Record<string, unknown>; relatedTo: TicketRow | null },
) {
  const firstLine = m.body.split('\n').find((l) => l.trim()) ?? '';
  const summary = (cleanSubject(m.subject) || cleanSubject(firstLine) || 'Email with no subject').slice(
    0,
    TICKET_TEXT_MAX.summary,
  );
  const max = TICKET_TEXT_MAX.description;
  const description = m.body.length > max ? m.body.slice(0, max - CUT_NOTE.length) + CUT_NOTE : m.body;
  const { ticket } = await openTicketTx(tx, meta, {
    requester: { id: m.sender.person.id, userId: m.sender.person.userId },
    opener: null,
    channel: 'email',
    fields: {
      type: 'incident',
      summary,
      description,
      // The sender's place on file: the facility and unit the desk sees first.
      facilityId: m.sender.person.facilityId,
      unitId: m.sender.person.unitId,
    },
    note: m.note,
    relatedTo: m.relatedTo,
  });
  return ticket;
}

export async function warnDesk(tx: Queryable, t: TicketRow, text: string, kind: string) {
  await deskNoteTx(tx, t, text, { via: 'email', warning: kind });
}

const TYPE_ALIASES: Record<string, string> = { 'image/jpg': 'image/jpeg', 'image/pjpeg': 'image/jpeg' };
/** Files beyond this many in one message are not kept (listed in the desk's note). */
export const MAX_FILES_PER_MESSAGE = 10;

/** Keeps the files the tickets accept (type checked by content, at most 5 MiB each); the desk is told of the rest. */
export async function keepAttachments(
  tx: Queryable,
  meta: RequestMeta,
  t: TicketRow,
  files: { filename: string; contentType: string; data: Buffer }[],
  byUserId: string | null,
) {
  const refused: string[] = [];
  let kept = 0;
  for (const f of files) {
    const type = TYPE_ALIASES[f.contentType] ?? f.contentType;
    const problem = !(ATTACHMENT_TYPES as readonly string[]).includes(type)
      ? `type ${type} is not accepted`
      : f.data.length === 0
        ? 'empty'
        : f.data.length > ATTACHMENT_MAX_BYTES
          ? 'larger than 5 MiB'
          : kept >= MAX_FILES_PER_MESSAGE
            ? `more than ${MAX_FILES_PER_MESSAGE} files`
            : checkFileContent(type, f.data);
    if (problem) {
      refused.push(`${f.filename} (${problem})`);
      continue;
    }
    await attachMailFileTx(tx, meta, t, { filename: f.filename, contentType: type, data: f.data }, byUserId);
    kept++;
  }
  if (refused.length)
    await warnDesk(
      tx,
      t,
      `Files in the email not kept: ${refused.join('; ')}. Ask the sender another way if needed.`,
      'files',
    );
}
