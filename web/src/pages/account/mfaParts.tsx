// Pieces of two-step sign-in shared by the sign-in page and Account security: setting up the authenticator app
// (QR code and the key as text), typing a code, and recovery codes shown once.
import { Alert, Button, Code, CopyButton, Image, List, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import type { EnrolmentView } from '../../../../src/platform/auth/mfa-schemas.ts';
import { ApiProblem } from '../../api/client.ts';

/** The server's words for a refused code, or a plain fallback. */
export function problemText(error: Error | null): string | undefined {
  if (!error) return undefined;
  if (error instanceof ApiProblem) return error.detail ?? error.title;
  return 'Something went wrong. Try again in a moment.';
}

/** The key in groups of four, easier to type into an app by hand. */
export function groupedKey(secret: string): string {
  return secret.replace(/(.{4})/g, '$1 ').trim();
}

export function CodeForm({
  label = 'Six-digit code from the app',
  submitLabel,
  pending,
  error,
  onSubmit,
}: {
  label?: string;
  submitLabel: string;
  pending: boolean;
  error: Error | null;
  onSubmit: (code: string) => void;
}) {
  const [code, setCode] = useState('');
  const [missing, setMissing] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const digits = code.replace(/\s+/g, '');
    if (!/^\d{6}$/.test(digits)) {
      setMissing(true);
      return;
    }
    setMissing(false);
    onSubmit(digits);
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <TextInput
          label={label}
          name="code"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={7}
          value={code}
          onChange={(e) => setCode(e.currentTarget.value)}
          error={missing ? 'Type the six digits the app shows now' : problemText(error)}
          autoFocus
        />
        <Button type="submit" loading={pending}>
          {submitLabel}
        </Button>
      </Stack>
    </form>
  );
}

export function SetUpSteps({ enrolment }: { enrolment: EnrolmentView }) {
  return (
    <Stack gap="sm">
      <List type="ordered" size="sm" spacing={4}>
        <List.Item>
          Open an authenticator app on your phone (Microsoft Authenticator, Google Authenticator or the one the hospital
          gave you).
        </List.Item>
        <List.Item>Add an account and scan this QR code.</List.Item>
        <List.Item>Type the six-digit code the app shows.</List.Item>
      </List>
      <Image
        src={enrolment.qrCodeDataUrl}
        alt="QR code to scan with your authenticator app"
        w={200}
        h={200}
        mx="auto"
      />
      <Text size="sm">
        Cannot scan? Type this key into the app instead:{' '}
        <Code data-testid="mfa-secret" aria-label="Key for the authenticator app">
          {groupedKey(enrolment.secret)}
        </Code>
      </Text>
    </Stack>
  );
}

export function RecoveryCodesShown({
  codes,
  onDone,
  doneLabel,
}: {
  codes: string[];
  onDone: () => void;
  doneLabel: string;
}) {
  return (
    <Stack gap="sm">
      <Alert color="yellow" variant="light" title="Save your recovery codes now">
        If you lose your phone, each of these codes lets you sign in once. They are shown only now: print them or keep
        them somewhere safe, not on the phone.
      </Alert>
      <SimpleGrid cols={2} spacing="xs" data-testid="recovery-codes" aria-label="Recovery codes">
        {codes.map((c) => (
          <Code key={c} fz="md" ta="center">
            {c}
          </Code>
        ))}
      </SimpleGrid>
      <CopyButton value={codes.join('\n')}>
        {({ copied, copy }) => (
          <Button variant="default" onClick={copy}>
            {copied ? 'Copied' : 'Copy the codes'}
          </Button>
        )}
      </CopyButton>
      <Button onClick={onDone}>{doneLabel}</Button>
    </Stack>
  );
}
