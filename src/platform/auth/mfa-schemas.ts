// Wire shapes of two-step sign-in. Imported by the web app too.
import { z } from 'zod';
import { text } from '../http/validation.ts';
import { sessionView } from './schemas.ts';

const code = z
  .string()
  .max(20)
  .regex(/^\s*(\d\s*){6}$/, 'six digits')
  .describe('The six-digit code the authenticator app shows now');
const recoveryCode = z
  .string()
  .min(10)
  .max(20)
  .regex(/^[A-Za-z0-9\s-]+$/, 'letters, digits and dashes')
  .describe('One of the recovery codes shown at set-up, e.g. "ACDEF-GHJKM"');

export const codeBody = z.object({ code }).strict();

/** The second step at sign-in: a code from the app, or a recovery code, exactly one. */
export const secondStepBody = z
  .object({ code: code.optional(), recoveryCode: recoveryCode.optional() })
  .strict()
  .refine((b) => (b.code === undefined) !== (b.recoveryCode === undefined), {
    message: 'send either a code or a recovery code',
  });

/** What /auth/login answers when the password was right but a second step is still needed (no session yet). */
export const secondStepView = z.object({
  secondStep: z.enum(['code', 'enrol']).describe("'code': type a code; 'enrol': set up the authenticator app first"),
  expiresAt: z.iso.datetime().describe('The second step must be finished by then (five minutes)'),
});
export type SecondStepView = z.infer<typeof secondStepView>;

export const loginAnswer = z.union([sessionView, secondStepView]);

export const enrolmentView = z.object({
  secret: z.string().describe('Base32; shown once, for typing into the app when the QR code cannot be scanned'),
  otpauthUri: z.string(),
  qrCodeDataUrl: z.string().describe('A data: URL of a PNG QR code of otpauthUri'),
});
export type EnrolmentView = z.infer<typeof enrolmentView>;

export const recoveryCodesView = z.object({
  recoveryCodes: z.array(z.string()).describe('Shown once; each works once'),
});

export const signedInWithCodeView = sessionView.extend({
  recoveryCodesLeft: z.number().int().nullable().describe('After a recovery code: how many are left'),
});

export const enrolledAtSignInView = sessionView.extend({ recoveryCodes: z.array(z.string()) });

export const mfaStatusView = z.object({
  localAccount: z.boolean().describe('false: the account signs in through an identity provider (its MFA is there)'),
  enabled: z.boolean(),
  enabledAt: z.iso.datetime().nullable(),
  required: z.boolean().describe('Administrators must keep it (CLINIDESK_MFA_REQUIRED_FOR_ADMINS)'),
  exemptReason: z.string().nullable(),
  canSetUp: z.boolean().describe('false: the server has no CLINIDESK_SECRET_KEY to seal secrets with'),
  recoveryCodesLeft: z.number().int(),
});
export type MfaStatus = z.infer<typeof mfaStatusView>;

export const resetBody = z
  .object({
    reason: text({ min: 5, max: 500 }).describe(
      'Why, e.g. "lost phone; CSD-001234, caller verified by call-back" (kept in the audit trail)',
    ),
  })
  .strict();
