// Every change to one ticket, with the cache kept current and a stale version (409) reported, never overwritten.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TicketDetail, UpdateTicketInput } from '../../../../../src/features/tickets/schemas.ts';
import { ApiProblem } from '../../../api/client.ts';
import {
  addComment,
  attachFile,
  escalateTicket,
  linkTicket,
  setVendorCase,
  ticketKeys,
  updateTicket,
} from '../../../api/tickets.ts';

export type TicketChange = Omit<UpdateTicketInput, 'version'>;

export function isStale(error: unknown): boolean {
  return error instanceof ApiProblem && error.status === 409;
}

export function useTicketActions(ticket: TicketDetail) {
  const queryClient = useQueryClient();
  const number = ticket.number;

  const refreshLists = () => {
    void queryClient.invalidateQueries({ queryKey: ticketKeys.lists() });
    void queryClient.invalidateQueries({ queryKey: ticketKeys.views() });
  };
  const replaced = (next: TicketDetail) => {
    queryClient.setQueryData(ticketKeys.detail(number), next);
    refreshLists();
  };
  const reread = async () => {
    await queryClient.invalidateQueries({ queryKey: ticketKeys.detail(number) });
    refreshLists();
  };

  const update = useMutation({
    mutationFn: (change: TicketChange) => updateTicket(number, { ...change, version: ticket.version }),
    onSuccess: replaced,
  });
  const escalate = useMutation({
    mutationFn: (body: Parameters<typeof escalateTicket>[1]) => escalateTicket(number, body),
    onSuccess: replaced,
  });
  const comment = useMutation({
    mutationFn: (body: Parameters<typeof addComment>[1]) => addComment(number, body),
    onSuccess: reread,
  });
  const link = useMutation({
    mutationFn: (body: Parameters<typeof linkTicket>[1]) => linkTicket(number, body),
    onSuccess: reread,
  });
  const attach = useMutation({
    mutationFn: (body: Parameters<typeof attachFile>[1]) => attachFile(number, body),
    onSuccess: reread,
  });

  const vendorCase = useMutation({
    mutationFn: (body: Parameters<typeof setVendorCase>[1]) => setVendorCase(number, body),
    onSuccess: replaced,
  });

  return { update, escalate, comment, link, attach, vendorCase, reload: reread };
}
