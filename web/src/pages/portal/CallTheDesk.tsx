// "If a patient is in danger, call the desk now": with the number for the requester's facility, and the provider
// line for physicians and APPs, as tap-to-call links for phones.
import { Anchor, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { myDeskPhonesQuery } from '../../api/admin.ts';
import { formatPhone, telHref } from '../../components/ticketWords.ts';

function Phone({ digits }: { digits: string }) {
  return (
    <Anchor href={telHref(digits)} fw={600} c="desk.8">
      {formatPhone(digits)}
    </Anchor>
  );
}

export function CallTheDesk() {
  const phones = useQuery(myDeskPhonesQuery);
  const desk = phones.data?.desk;
  const providerLine = phones.data?.providerLine;
  return (
    <Text c="gray.8" data-testid="call-the-desk">
      Tell the IT service desk what is wrong. If a patient is in danger, call the desk now as well
      {desk ? (
        <>
          : {desk.label}, <Phone digits={desk.phone} />
        </>
      ) : null}
      {providerLine ? (
        <>
          {desk ? '; ' : ': '}provider line for physicians and APPs, <Phone digits={providerLine} />
        </>
      ) : null}
      .
    </Text>
  );
}
