// On the ticket page: articles already used on the ticket, and suggestions for it (from its summary and context, or
// words the agent types); "Use" sends the steps as a public reply and links the article.
import { Paper, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { knowledgeKeys, sendArticleToTicket, ticketArticlesQuery } from '../../api/knowledge.ts';
import { ticketKeys } from '../../api/tickets.ts';
import { ActionError } from '../../components/QueryStates.tsx';
import { AssistPanel } from './AssistPanel.tsx';

export function TicketKnowledge({ ticket }: { ticket: { number: string; summary: string } }) {
  const [text, setText] = useState(ticket.summary);
  const queryClient = useQueryClient();
  const linked = useQuery(ticketArticlesQuery(ticket.number));
  const use = useMutation({
    mutationFn: (a: { number: string }) => sendArticleToTicket(a.number, ticket.number),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ticketKeys.detail(ticket.number) });
      void queryClient.invalidateQueries({ queryKey: knowledgeKeys.ofTicket(ticket.number) });
    },
  });
  return (
    <Paper withBorder p="sm" radius="sm">
      <Stack gap="xs">
        <Text fw={600}>Knowledge</Text>
        {linked.data?.length ? (
          <Stack gap={2}>
            {linked.data.map((a) => (
              <Text key={a.id} size="sm">
                Sent {a.number}: {a.title}
              </Text>
            ))}
          </Stack>
        ) : null}
        <TextInput
          label="Find an article"
          size="xs"
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          maxLength={1000}
        />
        <AssistPanel
          text={text}
          ticket={ticket.number}
          busy={use.isPending ? (use.variables?.number ?? null) : null}
          onUse={(a) => use.mutate(a)}
        />
        <ActionError error={use.error} title="The article was not sent" />
      </Stack>
    </Paper>
  );
}
