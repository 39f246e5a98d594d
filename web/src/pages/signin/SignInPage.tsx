// Sign-in: username and password, the server's own words when it refuses, then on to where the person was going.
// What it sends and refuses is in signInForm.ts, checked by the server's own schema.
import { Alert, Button, Center, Divider, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDocumentTitle } from '@mantine/hooks';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useRef, useState } from 'react';
import type { SecondStepView } from '../../../../src/platform/auth/mfa-schemas.ts';
import type { SessionView } from '../../../../src/platform/auth/schemas.ts';
import { fetchSignInOptions, signIn, ssoStartPath } from '../../api/auth.ts';
import { homePathFor } from '../../app/areas.ts';
import { BrandMark } from '../../app/BrandMark.tsx';
import { safeReturnPath } from '../../app/returnPath.ts';
import { useSessionCache } from '../../app/session.ts';
import { serverErrors } from '../../forms/schemaErrors.ts';
import { SecondStep } from './SecondStep.tsx';
import { NO_SIGN_IN, SIGN_IN_WORDING, signInProblems, signInRefusal, signInRequest } from './signInForm.ts';
import { ssoRefusal } from './ssoRefusal.ts';

export function SignInPage() {
  useDocumentTitle('Clinidesk — clinical service desk');
  const search = useSearch({ from: '/signin' });
  const navigate = useNavigate();
  const sessionCache = useSessionCache();
  const passwordRef = useRef<HTMLInputElement>(null);
  const form = useForm({ initialValues: NO_SIGN_IN, validate: signInProblems });

  const [secondStep, setSecondStep] = useState<SecondStepView | null>(null);
  const enter = async (session: SessionView) => {
    sessionCache.signedIn(session);
    await navigate({ href: safeReturnPath(search.redirect) ?? homePathFor(session.user.role), replace: true });
  };
  const signInMutation = useMutation({
    mutationFn: signIn,
    onSuccess: async (answer) => {
      if ('secondStep' in answer) {
        form.setFieldValue('password', '');
        setSecondStep(answer);
        return;
      }
      await enter(answer);
    },
    onError: (error) => {
      form.setFieldValue('password', '');
      form.setErrors(serverErrors(error, SIGN_IN_WORDING));
      passwordRef.current?.focus();
    },
  });
  const submit = form.onSubmit((values) => signInMutation.mutate(signInRequest(values)));

  const problem = signInMutation.error ? signInRefusal(signInMutation.error) : undefined;
  // The hospital's sign-in services; if the list cannot be read, the local form still works.
  const providers = useQuery({ queryKey: ['sso-providers'], queryFn: fetchSignInOptions, retry: false });
  const ssoProblem = ssoRefusal(search.sso);
  const returnTo = safeReturnPath(search.redirect) ?? undefined;

  return (
    <Center component="main" id="main" tabIndex={-1} mih="100vh" p="md" bg="gray.0" style={{ outline: 'none' }}>
      <Stack w="100%" maw={400} gap="lg">
        <Center>
          <BrandMark size="lg" />
        </Center>
        <Paper withBorder shadow="xs" radius="md" p="xl" bg="white">
          {ssoProblem && (
            <Alert color="red" variant="light" role="alert" title={ssoProblem.title} mb="md">
              {ssoProblem.detail}
            </Alert>
          )}
          {providers.data && providers.data.length > 0 && (
            <Stack gap="sm" mb="md">
              {providers.data.map((p) => (
                <Button key={p.id} component="a" href={ssoStartPath(p.id, returnTo)} variant="filled" fullWidth>
                  Sign in with {p.name}
                </Button>
              ))}
              <Divider label="or with a Clinidesk account" labelPosition="center" />
            </Stack>
          )}
          {secondStep ? (
            <SecondStep
              step={secondStep}
              onSignedIn={(session) => void enter(session)}
              onStartAgain={() => {
                signInMutation.reset();
                setSecondStep(null);
              }}
            />
          ) : (
            <form onSubmit={submit} noValidate>
              <Stack gap="md">
                <div>
                  <Title order={1} size="h3">
                    Sign in
                  </Title>
                  <Text size="sm" c="dimmed">
                    Use your Clinidesk account.
                  </Text>
                </div>
                {problem && (
                  <Alert color="red" variant="light" role="alert" title={problem.title}>
                    {problem.detail}
                  </Alert>
                )}
                <TextInput
                  label="Username"
                  name="username"
                  autoComplete="username"
                  autoCapitalize="none"
                  spellCheck={false}
                  required
                  withAsterisk={false}
                  autoFocus
                  {...form.getInputProps('username')}
                />
                <PasswordInput
                  ref={passwordRef}
                  label="Password"
                  name="password"
                  autoComplete="current-password"
                  required
                  withAsterisk={false}
                  {...form.getInputProps('password')}
                />
                <Button type="submit" fullWidth mt="xs" loading={signInMutation.isPending}>
                  Sign in
                </Button>
              </Stack>
            </form>
          )}
        </Paper>
        <Text size="xs" c="dimmed" ta="center">
          Trouble signing in? Call the IT service desk.
        </Text>
      </Stack>
    </Center>
  );
}
