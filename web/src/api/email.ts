// The email intake's administration: messages by state (the quarantine first), release and discard; the mailboxes
// polled over IMAP.
// Shapes come from src/features/email/schemas.ts.
import { queryOptions } from '@tanstack/react-query';
import { mailboxList, messagePage, messageView } from '../../../src/features/email/schemas.ts';
import { apiRequest } from './client.ts';

export type { MailboxView, MessageView } from '../../../src/features/email/schemas.ts';
export type MessageState = 'quarantined' | 'ignored' | 'processed' | 'discarded';

export const emailKeys = { all: ['email-messages'] as const };

export const emailMessagesQuery = (state: MessageState) =>
  queryOptions({
    queryKey: [...emailKeys.all, state],
    queryFn: () => apiRequest('GET', `/api/v1/email/messages?state=${state}&limit=100`, { schema: messagePage }),
  });

export const releaseMessage = (id: string) =>
  apiRequest('POST', `/api/v1/email/messages/${id}/release`, { schema: messageView });
export const discardMessage = (id: string) =>
  apiRequest('POST', `/api/v1/email/messages/${id}/discard`, { schema: messageView });

export const emailMailboxesQuery = () =>
  queryOptions({
    queryKey: ['email-mailboxes'],
    queryFn: () => apiRequest('GET', '/api/v1/email/mailboxes', { schema: mailboxList }),
    refetchInterval: 30_000,
  });
