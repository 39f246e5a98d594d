// Links between tickets (duplicate of, caused by, parent of, related) and attachments (screenshots, logs),
// which may hold PHI: type-checked by their first bytes, size-limited, downloads audited.
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type { ActorMeta } from '../../../platform/actor.ts';
import { recordAudit } from '../../../platform/audit/service.ts';
import type { AppContext } from '../../../platform/context.ts';
import { Conflict, Invalid, NotFound } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { maskPhi } from '../../privacy/rules.ts';
import { seesPhi } from '../rules/policy.ts';
import { formatTicketNumber, parseTicketNumber } from '../rules/vocabulary.ts';
import { ATTACHMENT_MAX_BYTES, type attachmentBody, type linkBody } from '../schemas.ts';
import { addActivity, findAttachment, insertAttachment, insertLink } from '../store.ts';
import { emitTicketEvent } from './events.ts';
import { loadVisibleTicket } from './read-ticket.ts';

export async function linkTickets(ctx: AppContext, meta: ActorMeta, number: number, input: z.infer<typeof linkBody>) {
  const actor = meta.actor;
  const otherNumber = parseTicketNumber(input.other)!;
  if (otherNumber === number)
    throw new Invalid('A ticket cannot be linked to itself.', [{ field: 'body.other', message: 'is this ticket' }]);
  return ctx.database.db.transaction(async (tx) => {
    const { ticket: t, viewer } = await loadVisibleTicket(tx, actor, number);
    const { ticket: other } = await loadVisibleTicket(tx, actor, otherNumber);
    const created = await insertLink(tx, {
      ticketId: t.id,
      otherId: other.id,
      kind: input.kind,
      createdBy: actor.userId,
    });
    if (!created)
      throw new Conflict(
        `${formatTicketNumber(number)} is already linked that way to ${formatTicketNumber(otherNumber)}.`,
      );
    await addActivity(tx, t.id, actor.userId, 'linked', { kind: input.kind, other: formatTicketNumber(other.number) });
    await addActivity(tx, other.id, actor.userId, 'linked', {
      kind: input.kind,
      other: formatTicketNumber(t.number),
      incoming: true,
    });
    await recordAudit(tx, meta, {
      action: 'ticket.link',
      targetType: 'ticket',
      targetId: t.id,
      summary: { number: t.number, kind: input.kind, other: other.number },
    });
    await emitTicketEvent(tx, 'ticket.updated', t, actor.userId);
    return {
      kind: input.kind,
      direction: 'outgoing' as const,
      number: formatTicketNumber(other.number),
      // The same words the viewer sees on that ticket: masked for a vendor.
      summary: seesPhi(viewer) ? other.summary : maskPhi(other.summary),
      status: other.status,
    };
  });
}

// The first bytes each accepted type must start with; text types are checked for NUL bytes instead.
const MAGIC: Record<string, number[][]> = {
  'image/png': [[0x89, 0x50, 0x4e, 0x47]],
  'image/jpeg': [[0xff, 0xd8, 0xff]],
  'image/gif': [[0x47, 0x49, 0x46, 0x38]],
  'image/webp': [[0x52, 0x49, 0x46, 0x46]],
  'application/pdf': [[0x25, 0x50, 0x44, 0x46]],
  'application/zip': [[0x50, 0x4b, 0x03, 0x04]],
};

export function checkFileContent(contentType: string, data: Buffer): string | null {
  const magic = MAGIC[contentType];
  if (magic)
    return magic.some((m) => m.every((b, i) => data[i] === b)) ? null : `the file's content is not ${contentType}`;
  return data.includes(0) ? 'a text file must not contain binary data' : null;
}

export async function attachFile(
  ctx: AppContext,
  meta: ActorMeta,
  number: number,
  input: z.infer<typeof attachmentBody>,
) {
  const actor = meta.actor;
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(input.dataBase64)) {
    throw new Invalid('The file is not valid base64.', [{ field: 'body.dataBase64', message: 'is not base64' }]);
  }
  const data = Buffer.from(input.dataBase64, 'base64');
  if (data.length === 0) throw new Invalid('The file is empty.', [{ field: 'body.dataBase64', message: 'is empty' }]);
  if (data.length > ATTACHMENT_MAX_BYTES) {
    throw new Invalid('The file is larger than 5 MiB.', [{ field: 'body.dataBase64', message: 'is over 5 MiB' }]);
  }
  const problem = checkFileContent(input.contentType, data);
  if (problem) throw new Invalid(`Refused: ${problem}.`, [{ field: 'body.contentType', message: problem }]);
  return ctx.database.db.transaction(async (tx) => {
    const { ticket: t } = await loadVisibleTicket(tx, actor, number);
    const a = await insertAttachment(tx, {
      id: newId(),
      ticketId: t.id,
      filename: input.filename,
      contentType: input.contentType,
      size: data.length,
      sha256: createHash('sha256').update(data).digest('hex'),
      mayContainPhi: input.mayContainPhi,
      data,
      uploadedBy: actor.userId,
    });
    await addActivity(tx, t.id, actor.userId, 'attached', { filename: a.filename, size: a.size });
    await recordAudit(tx, meta, {
      action: 'ticket.attach',
      targetType: 'ticket',
      targetId: t.id,
      summary: { number: t.number, attachment: a.id, size: a.size, contentType: a.contentType },
    });
    await emitTicketEvent(tx, 'ticket.updated', t, actor.userId);
    const { createdAt, ...rest } = a;
    return { ...rest, uploadedAt: createdAt.toISOString() };
  });
}

export async function downloadFile(ctx: AppContext, meta: ActorMeta, number: number, attachmentId: string) {
  const actor = meta.actor;
  return ctx.database.db.transaction(async (tx) => {
    const { ticket: t } = await loadVisibleTicket(tx, actor, number);
    const a = await findAttachment(tx, t.id, attachmentId);
    if (!a) throw new NotFound('No such attachment on this ticket.');
    await recordAudit(tx, meta, {
      action: 'attachment.download',
      targetType: 'attachment',
      targetId: a.id,
      summary: { number: t.number, filename: a.filename, mayContainPhi: a.mayContainPhi },
    });
    return a;
  });
}
