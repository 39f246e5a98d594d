// The second sign-in step, after a correct password: a code from the authenticator app (or a recovery code), or —
// for an administrator who has none yet — setting the app up first. No session exists until it is done.
import { Alert, Anchor, Button, Loader, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import type { SecondStepView } from '../../../../src/platform/auth/mfa-schemas.ts';
import type { SessionView } from '../../../../src/platform/auth/schemas.ts';
import { finishSignIn, finishSignInEnrolment, startSignInEnrolment } from '../../api/auth.ts';
import { CodeForm, problemText, RecoveryCodesShown, SetUpSteps } from '../account/mfaParts.tsx';

type Props = { step: SecondStepView; onSignedIn: (session: SessionView) => void; onStartAgain: () => void };

export function SecondStep(props: Props) {
  return props.step.secondStep === 'code' ? <CodeStep {...props} /> : <SetUpStep {...props} />;
}

function CodeStep({ onSignedIn, onStartAgain }: Props) {
  const [useRecovery, setUseRecovery] = useState(false);
  const [left, setLeft] = useState<{ session: SessionView; count: number } | null>(null);
  const mutation = useMutation({
    mutationFn: finishSignIn,
    onSuccess: (session) => {
      if (session.recoveryCodesLeft !== null) setLeft({ session, count: session.recoveryCodesLeft });
      else onSignedIn(session);
    },
  });
  if (left) {
    return (
      <Stack gap="md">
        <Title order={1} size="h3">
          Signed in with a recovery code
        </Title>
        <Alert color={left.count <= 3 ? 'yellow' : 'blue'} variant="light" role="status">
          You have {left.count} recovery {left.count === 1 ? 'code' : 'codes'} left. Each one works once. If you lost
          your phone, call the service desk to set up two-step sign-in again.
        </Alert>
        <Button onClick={() => onSignedIn(left.session)}>Continue</Button>
      </Stack>
    );
  }
  return (
    <Stack gap="md">
      <div>
        <Title order={1} size="h3">
          Two-step sign-in
        </Title>
        <Text size="sm" c="dimmed">
          {useRecovery
            ? 'Type one of the recovery codes you saved when you set up two-step sign-in.'
            : 'Open the authenticator app on your phone and type the six-digit code for Clinidesk.'}
        </Text>
      </div>
      {useRecovery ? (
        <RecoveryForm
          pending={mutation.isPending}
          error={mutation.error}
          onSubmit={(recoveryCode) => mutation.mutate({ recoveryCode })}
        />
      ) : (
        <CodeForm
          submitLabel="Verify"
          pending={mutation.isPending}
          error={mutation.error}
          onSubmit={(code) => mutation.mutate({ code })}
        />
      )}
      <Stack gap={4}>
        <Anchor
          component="button"
          type="button"
          size="sm"
          onClick={() => {
            mutation.reset();
            setUseRecovery(!useRecovery);
          }}
        >
          {useRecovery ? 'Use a code from the app instead' : 'Lost your phone? Use a recovery code'}
        </Anchor>
        <Anchor component="button" type="button" size="sm" onClick={onStartAgain}>
          Start again with your username
        </Anchor>
      </Stack>
    </Stack>
  );
}

function RecoveryForm(props: { pending: boolean; error: Error | null; onSubmit: (code: string) => void }) {
  const [value, setValue] = useState('');
  const [missing, setMissing] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const ok = value.replace(/[\s-]/g, '').length === 10;
    setMissing(!ok);
    if (ok) props.onSubmit(value.trim());
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <TextInput
          label="Recovery code"
          name="recoveryCode"
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          placeholder="ABCDE-FGHJK"
          value={value}
          onChange={(e) => setValue(e.currentTarget.value)}
          error={missing ? 'Type the ten letters and digits of one recovery code' : problemText(props.error)}
          autoFocus
        />
        <Button type="submit" loading={props.pending}>
          Verify
        </Button>
      </Stack>
    </form>
  );
}

function SetUpStep({ onSignedIn, onStartAgain }: Props) {
  const enrolment = useQuery({
    queryKey: ['sign-in-enrolment'],
    queryFn: startSignInEnrolment,
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 0,
    retry: false,
  });
  const confirm = useMutation({ mutationFn: finishSignInEnrolment });
  if (confirm.data) {
    const session = confirm.data;
    return (
      <Stack gap="md">
        <Title order={1} size="h3">
          Two-step sign-in is on
        </Title>
        <RecoveryCodesShown
          codes={session.recoveryCodes}
          doneLabel="I have saved the codes — continue"
          onDone={() => {
            // The codes are shown once: they do not go on into the session cache.
            const { recoveryCodes: _shown, ...view } = session;
            onSignedIn(view);
          }}
        />
      </Stack>
    );
  }
  return (
    <Stack gap="md">
      <div>
        <Title order={1} size="h3">
          Set up two-step sign-in
        </Title>
        <Text size="sm" c="dimmed">
          Administrators must confirm each sign-in with a code from their phone. Set it up once, now.
        </Text>
      </div>
      {enrolment.isPending && <Loader size="sm" aria-label="Preparing the QR code" />}
      {enrolment.error && (
        <Alert color="red" variant="light" role="alert" title="Cannot set up two-step sign-in">
          {problemText(enrolment.error)}
        </Alert>
      )}
      {enrolment.data && (
        <>
          <SetUpSteps enrolment={enrolment.data} />
          <CodeForm
            submitLabel="Finish set-up"
            pending={confirm.isPending}
            error={confirm.error}
            onSubmit={(code) => confirm.mutate(code)}
          />
        </>
      )}
      <Anchor component="button" type="button" size="sm" onClick={onStartAgain}>
        Start again with your username
      </Anchor>
    </Stack>
  );
}
