// My sign-in (Account security): every local account can set up two-step sign-in, see how many recovery codes are
// left, make new ones, and turn it off with a current code. Single sign-on accounts have theirs at the hospital.
import { Alert, Button, Container, Divider, Paper, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { MfaStatus } from '../../../../src/platform/auth/mfa-schemas.ts';
import {
  confirmEnrolment,
  mfaKeys,
  mfaStatusQuery,
  renewRecoveryCodes,
  startEnrolment,
  turnOffMfa,
} from '../../api/auth.ts';
import { LoadError, Loading } from '../../components/QueryStates.tsx';
import { CodeForm, problemText, RecoveryCodesShown, SetUpSteps } from './mfaParts.tsx';

export function AccountSecurityPage() {
  useDocumentTitle('My sign-in — Clinidesk');
  const status = useQuery(mfaStatusQuery);
  return (
    <Container size="sm" py="md">
      <Stack gap="md">
        <Title order={1} size="h2">
          My sign-in
        </Title>
        {status.isPending && <Loading label="Loading your sign-in settings…" />}
        {status.error && <LoadError what="your sign-in settings" error={status.error} retry={() => status.refetch()} />}
        {status.data && <TwoStep status={status.data} />}
      </Stack>
    </Container>
  );
}

function TwoStep({ status }: { status: MfaStatus }) {
  const queryClient = useQueryClient();
  const [codes, setCodes] = useState<string[] | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: mfaKeys.status });

  if (!status.localAccount) {
    return (
      <Text>
        You sign in through the hospital’s sign-in service. Its second step (for example a phone prompt) is managed by
        the hospital, not here.
      </Text>
    );
  }
  if (codes) {
    return (
      <Paper withBorder p="lg" radius="md">
        <RecoveryCodesShown
          codes={codes}
          doneLabel="I have saved the codes"
          onDone={() => {
            setCodes(null);
            void refresh();
          }}
        />
      </Paper>
    );
  }
  return (
    <Paper withBorder p="lg" radius="md">
      <Stack gap="md">
        <Title order={2} size="h4">
          Two-step sign-in
        </Title>
        {status.enabled ? (
          <On status={status} onCodes={setCodes} onChanged={refresh} />
        ) : (
          <Off status={status} onCodes={setCodes} />
        )}
      </Stack>
    </Paper>
  );
}

function Off({ status, onCodes }: { status: MfaStatus; onCodes: (codes: string[]) => void }) {
  const start = useMutation({ mutationFn: startEnrolment });
  const confirm = useMutation({ mutationFn: confirmEnrolment, onSuccess: (r) => onCodes(r.recoveryCodes) });
  return (
    <Stack gap="sm">
      <Text>
        Two-step sign-in is <strong>off</strong>. With it on, signing in needs your password and a code from your phone,
        so a stolen password alone cannot open your account.
      </Text>
      {status.exemptReason && (
        <Text size="sm" c="dimmed">
          Not required for this account ({status.exemptReason}).
        </Text>
      )}
      {!status.canSetUp ? (
        <Alert color="yellow" variant="light" title="Not available yet">
          Two-step sign-in cannot be set up on this server yet. Call the service desk.
        </Alert>
      ) : start.data ? (
        <>
          <SetUpSteps enrolment={start.data} />
          <CodeForm
            submitLabel="Finish set-up"
            pending={confirm.isPending}
            error={confirm.error}
            onSubmit={(code) => confirm.mutate(code)}
          />
        </>
      ) : (
        <>
          {start.error && (
            <Alert color="red" variant="light" role="alert">
              {problemText(start.error)}
            </Alert>
          )}
          <Button onClick={() => start.mutate()} loading={start.isPending} w="fit-content">
            Set up two-step sign-in
          </Button>
        </>
      )}
    </Stack>
  );
}

function On({
  status,
  onCodes,
  onChanged,
}: {
  status: MfaStatus;
  onCodes: (codes: string[]) => void;
  onChanged: () => void;
}) {
  const renew = useMutation({ mutationFn: renewRecoveryCodes, onSuccess: (r) => onCodes(r.recoveryCodes) });
  const off = useMutation({ mutationFn: turnOffMfa, onSuccess: onChanged });
  const left = status.recoveryCodesLeft;
  return (
    <Stack gap="sm">
      <Text>
        Two-step sign-in is <strong>on</strong>
        {status.enabledAt ? ` since ${new Date(status.enabledAt).toLocaleDateString()}` : ''}.
      </Text>
      <Alert color={left <= 3 ? 'yellow' : 'gray'} variant="light" role="status" data-testid="recovery-codes-left">
        {left} recovery {left === 1 ? 'code' : 'codes'} left.
        {left <= 3 && ' Make new ones before they run out.'}
      </Alert>
      <Divider />
      <Title order={3} size="h5">
        New recovery codes
      </Title>
      <Text size="sm">The codes you have now stop working. Type a current code from your app to make new ones.</Text>
      <CodeForm
        submitLabel="Make new recovery codes"
        pending={renew.isPending}
        error={renew.error}
        onSubmit={(code) => renew.mutate(code)}
      />
      <Divider />
      <Title order={3} size="h5">
        Turn off
      </Title>
      {status.required ? (
        <Text size="sm">
          Administrators must keep two-step sign-in. For a new phone, ask another administrator to reset it, then set it
          up again at your next sign-in.
        </Text>
      ) : (
        <CodeForm
          label="Code from the app, to turn it off"
          submitLabel="Turn off two-step sign-in"
          pending={off.isPending}
          error={off.error}
          onSubmit={(code) => off.mutate(code)}
        />
      )}
    </Stack>
  );
}
