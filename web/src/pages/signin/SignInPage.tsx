// Sign-in: username and password, the server's own words when it refuses, then on to where the person was going.
import { Alert, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useMutation } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { type FormEvent, useRef, useState } from 'react';
import { signIn } from '../../api/auth.ts';
import { ApiProblem } from '../../api/client.ts';
import { homePathFor } from '../../app/areas.ts';
import { BrandMark } from '../../app/BrandMark.tsx';
import { safeReturnPath } from '../../app/returnPath.ts';
import { useSessionCache } from '../../app/session.ts';

export function SignInPage() {
  useDocumentTitle('Clinidesk — clinical service desk');
  const search = useSearch({ from: '/signin' });
  const navigate = useNavigate();
  const sessionCache = useSessionCache();
  const passwordRef = useRef<HTMLInputElement>(null);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');

  const signInMutation = useMutation({
    mutationFn: signIn,
    onSuccess: async (session) => {
      sessionCache.signedIn(session);
      await navigate({ href: safeReturnPath(search.redirect) ?? homePathFor(session.user.role), replace: true });
    },
    onError: () => {
      setPassword('');
      passwordRef.current?.focus();
    },
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    signInMutation.mutate({ username, password });
  }

  const problem = signInMutation.error ? describe(signInMutation.error) : undefined;

  return (
    <Center component="main" id="main" tabIndex={-1} mih="100vh" p="md" bg="gray.0" style={{ outline: 'none' }}>
      <Stack w="100%" maw={400} gap="lg">
        <Center>
          <BrandMark size="lg" />
        </Center>
        <Paper withBorder shadow="xs" radius="md" p="xl" bg="white">
          <form onSubmit={submit}>
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
                value={username}
                onChange={(event) => setUsername(event.currentTarget.value)}
                error={problem?.fields.username}
              />
              <PasswordInput
                ref={passwordRef}
                label="Password"
                name="password"
                autoComplete="current-password"
                required
                withAsterisk={false}
                value={password}
                onChange={(event) => setPassword(event.currentTarget.value)}
                error={problem?.fields.password}
              />
              <Button type="submit" fullWidth mt="xs" loading={signInMutation.isPending}>
                Sign in
              </Button>
            </Stack>
          </form>
        </Paper>
        <Text size="xs" c="dimmed" ta="center">
          Trouble signing in? Call the IT service desk.
        </Text>
      </Stack>
    </Center>
  );
}

type SignInProblem = { title: string; detail: string; fields: Record<string, string> };

function describe(error: Error): SignInProblem {
  if (!(error instanceof ApiProblem)) return { title: 'Sign-in failed', detail: error.message, fields: {} };
  // Field errors name the request part first ("body.username"); the form only knows the field.
  const fields = Object.fromEntries(
    error.fieldErrors.map(({ field, message }) => [field.replace(/^body\./, ''), message]),
  );
  if (error.status === 401) return { title: 'Could not sign you in', detail: error.detail ?? error.title, fields };
  if (error.status === 429) return { title: 'Too many attempts', detail: error.detail ?? error.title, fields };
  return { title: error.title, detail: error.detail ?? 'Please try again in a moment.', fields };
}
