// Wire shapes of the desk's phone numbers: the main line, the provider line for physicians and APPs, and one
// number per facility. Imported by the web app too.
import { z } from 'zod';
import { phoneInput } from './people-schemas.ts';

export const deskPhonesBody = z
  .object({
    main: phoneInput.nullable().describe("The desk's main number, used where a facility has none"),
    providerLine: phoneInput.nullable().describe('The provider line, shown to physicians and APPs'),
    facilities: z
      .array(z.object({ facilityId: z.uuid(), phone: phoneInput }).strict())
      .max(500)
      .describe("Each facility's desk number"),
  })
  .strict();
export type DeskPhonesInput = z.infer<typeof deskPhonesBody>;

export const deskPhonesView = z.object({
  main: z.string().nullable(),
  providerLine: z.string().nullable(),
  facilities: z.array(z.object({ facilityId: z.uuid(), facility: z.string(), phone: z.string() })),
  updatedAt: z.iso.datetime().nullable(),
});
export type DeskPhonesView = z.infer<typeof deskPhonesView>;

/** What the portal shows a requester: the number for their facility, and the provider line when they are one. */
export const myDeskPhones = z.object({
  desk: z.object({ label: z.string(), phone: z.string() }).nullable(),
  providerLine: z.string().nullable(),
});
export type MyDeskPhones = z.infer<typeof myDeskPhones>;
