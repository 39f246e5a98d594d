// TOTP with otplib (RFC 6238: SHA-1, six digits, 30-second steps, what every authenticator app reads), the
// enrolment QR code, recovery codes, and the sealing of secrets under CLINIDESK_SECRET_KEY.
import { randomBytes } from 'node:crypto';
import { generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';
import type { AppContext } from '../context.ts';
import { Conflict } from '../errors.ts';
import { newId } from '../ids.ts';
import { RECOVERY_CODE_COUNT, recoveryCodeFrom } from './mfa-rules.ts';
import { seal, unseal } from './sealed.ts';
import { hashPassword } from './secrets.ts';

export const NO_KEY_MESSAGE =
  'Two-step sign-in cannot be set up on this server yet: the person who runs Clinidesk must set CLINIDESK_SECRET_KEY and restart it. Call the service desk.';
const KEY_CHANGED_MESSAGE =
  'Your two-step sign-in cannot be checked on this server (its key was changed). Call the service desk: an administrator can reset it so you set it up again.';

/** One step of clock drift either way (a phone a little fast or slow), never more. */
const DRIFT_SECONDS = 30;
const ISSUER = 'Clinidesk';

export type Enrolment = { secret: string; otpauthUri: string; qrCodeDataUrl: string };

/** A new secret for `label` (the username), sealed for storage, and what the person's app needs to read it. */
export async function newEnrolment(ctx: AppContext, label: string): Promise<{ sealed: string; view: Enrolment }> {
  const key = ctx.config.secretKey;
  if (!key) throw new Conflict(NO_KEY_MESSAGE);
  const secret = generateSecret();
  const otpauthUri = generateURI({ issuer: ISSUER, label, secret });
  const qrCodeDataUrl = await QRCode.toDataURL(otpauthUri, { errorCorrectionLevel: 'M', margin: 2, width: 240 });
  return { sealed: seal(key, secret), view: { secret, otpauthUri, qrCodeDataUrl } };
}

export function unsealSecret(ctx: AppContext, sealed: string): string {
  const secret = ctx.config.secretKey ? unseal(ctx.config.secretKey, sealed) : null;
  if (secret === null) throw new Conflict(KEY_CHANGED_MESSAGE);
  return secret;
}

export type CodeCheck = { ok: true; timeStep: number } | { ok: false; reason: 'wrong code' | 'code already used' };

/**
 * Checks a six-digit code against the secret, ±1 step of drift. A code of a step at or before `lastTimeStep` was
 * already used: refused (the caller still records the new step atomically, for two requests racing).
 */
export async function checkCode(secret: string, code: string, lastTimeStep: number | null): Promise<CodeCheck> {
  const result = await verify({ secret, token: code, epochTolerance: DRIFT_SECONDS });
  if (!result.valid || !('timeStep' in result)) return { ok: false, reason: 'wrong code' };
  if (lastTimeStep !== null && result.timeStep <= lastTimeStep) return { ok: false, reason: 'code already used' };
  return { ok: true, timeStep: result.timeStep };
}

/** Ten new recovery codes: shown once, stored as argon2id hashes like passwords. */
export async function newRecoveryCodes(): Promise<{ codes: string[]; rows: { id: string; codeHash: string }[] }> {
  const codes: string[] = [];
  while (codes.length < RECOVERY_CODE_COUNT) {
    const code = recoveryCodeFrom(randomBytes(32));
    if (code && !codes.includes(code)) codes.push(code);
  }
  const rows = await Promise.all(
    codes.map(async (code) => ({ id: newId(), codeHash: await hashPassword(code.replace('-', '')) })),
  );
  return { codes, rows };
}
