// "a" in the queue: take the selected ticket. The queue has no version, so read the ticket, then update it.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ticketKeys, ticketQuery, updateTicket } from '../../../api/tickets.ts';
import { useSession } from '../../../app/session.ts';
import { problemText } from '../../../components/QueryStates.tsx';

export function useAssignToMe() {
  const queryClient = useQueryClient();
  const session = useSession();
  const mutation = useMutation({
    mutationFn: async (number: string) => {
      if (!session) throw new Error('Not signed in');
      const ticket = await queryClient.fetchQuery({ ...ticketQuery(number), staleTime: 0 });
      return updateTicket(number, { version: ticket.version, assigneeId: session.user.id });
    },
    onSuccess: (ticket) => {
      queryClient.setQueryData(ticketKeys.detail(ticket.number), ticket);
      void queryClient.invalidateQueries({ queryKey: ticketKeys.lists() });
      void queryClient.invalidateQueries({ queryKey: ticketKeys.views() });
    },
  });
  const message = mutation.isSuccess
    ? `${mutation.data.number} is now assigned to you.`
    : mutation.isError
      ? `Could not assign ${mutation.variables}: ${problemText(mutation.error)}`
      : undefined;
  return { mutate: mutation.mutate, isError: mutation.isError, message };
}
