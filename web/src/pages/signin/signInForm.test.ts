// What the sign-in form refuses before sending, and how it tells a refusal from the server.
import { describe, expect, it } from 'vitest';
import { loginBody } from '../../../../src/platform/auth/schemas.ts';
import { ApiProblem } from '../../api/client.ts';
import { NO_SIGN_IN, signInProblems, signInRefusal, signInRequest } from './signInForm.ts';

describe('the sign-in form', () => {
  it('asks for the username and the password before sending', () => {
    expect(signInProblems(NO_SIGN_IN)).toEqual({
      username: 'Enter your username',
      password: 'Enter your password',
    });
    expect(signInProblems({ username: '   ', password: 'x' })).toEqual({ username: 'Enter your username' });
  });

  it('sends the password exactly as typed, which the server accepts', () => {
    const body = signInRequest({ username: 'admin', password: ' spaced secret ' });
    expect(body).toEqual({ username: 'admin', password: ' spaced secret ' });
    expect(loginBody.safeParse(body).success).toBe(true);
    expect(signInProblems({ username: 'admin', password: ' spaced secret ' })).toEqual({});
  });

  it('refuses an over-long username in the server’s words, saying how much to remove', () => {
    expect(signInProblems({ username: 'a'.repeat(203), password: 'x' })).toEqual({
      username: 'Username is too long (at most 200 characters): please remove 3 characters',
    });
  });

  it('tells a wrong password, too many attempts and anything else apart, in the server’s words', () => {
    const wrong = new ApiProblem(401, 'Unauthorized', 'The username or password is not right.');
    expect(signInRefusal(wrong)).toEqual({ title: 'Could not sign you in', detail: wrong.detail });
    const tooMany = new ApiProblem(429, 'Too Many Requests', 'Wait a minute before trying again.');
    expect(signInRefusal(tooMany)).toEqual({ title: 'Too many attempts', detail: tooMany.detail });
    expect(signInRefusal(new ApiProblem(503, 'Service Unavailable'))).toEqual({
      title: 'Service Unavailable',
      detail: 'Please try again in a moment.',
    });
    expect(signInRefusal(new Error('Failed to fetch'))).toEqual({ title: 'Sign-in failed', detail: 'Failed to fetch' });
  });

  it('shows the hospital directory’s refusals and its silence in the server’s words', () => {
    const noGroup = new ApiProblem(403, 'Forbidden', 'None of your groups gives access to Clinidesk.');
    expect(signInRefusal(noGroup)).toEqual({ title: 'Could not sign you in', detail: noGroup.detail });
    const down = new ApiProblem(503, 'Service unavailable', 'The hospital directory is not answering right now.');
    expect(signInRefusal(down)).toEqual({ title: 'Sign-in is not available right now', detail: down.detail });
  });
});
