// Building blocks for request schemas shared by every feature.
import { z } from 'zod';

/** Text a person typed: well-formed Unicode, no NUL (PostgreSQL rejects it), trimmed, bounded. */
export function text(opts: { min?: number; max: number }) {
  return z
    .string()
    .trim()
    .min(opts.min ?? 0, opts.min === 1 ? 'must not be empty' : `at least ${opts.min} characters`)
    .max(opts.max, `at most ${opts.max} characters`)
    .refine((s) => !s.includes('\u0000'), 'must not contain NUL characters')
    .refine((s) => s.isWellFormed(), 'must be well-formed Unicode');
}

export const uuidParam = z.object({ id: z.uuid('must be a UUID') });
