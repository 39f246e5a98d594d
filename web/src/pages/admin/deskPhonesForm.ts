// What the desk phone numbers form sends, checked first by the server's own schema (deskPhonesBody): a number the
// server would not take is refused under its own field, named as the form names it. Pure, tested without a browser.
import { type DeskPhonesInput, deskPhonesBody } from '../../../../src/features/directory/desk-phones-schemas.ts';
import { type FormErrors, schemaErrors, type Wording } from '../../forms/schemaErrors.ts';

/** The numbers as typed; a facility's field is `facilities.<its id>`. */
export type DeskPhonesValues = { main: string; providerLine: string; facilities: Record<string, string> };
type Facility = { id: string; name: string };

/** The facilities sent: those with a number, in the order the form lists them (the server's errors name a position). */
const withNumber = (values: DeskPhonesValues, facilities: Facility[]) =>
  facilities.filter((f) => values.facilities[f.id]?.trim());

export function deskPhonesRequest(values: DeskPhonesValues, facilities: Facility[]): DeskPhonesInput {
  return {
    main: values.main.trim() || null,
    providerLine: values.providerLine.trim() || null,
    facilities: withNumber(values, facilities).map((f) => ({
      facilityId: f.id,
      phone: values.facilities[f.id]!.trim(),
    })),
  };
}

/** Each facility's number sent at position i is the form's `facilities.<id>`, called by the facility's name. */
export function deskPhonesWording(values: DeskPhonesValues, facilities: Facility[]): Wording {
  const sent = withNumber(values, facilities);
  return {
    fields: Object.fromEntries(
      sent.flatMap((f, i) => [
        [`facilities.${i}.phone`, `facilities.${f.id}`],
        [`facilities.${i}.facilityId`, `facilities.${f.id}`],
      ]),
    ),
    labels: {
      main: 'Main desk number',
      providerLine: 'Provider line',
      ...Object.fromEntries(sent.map((f, i) => [`facilities.${i}.phone`, f.name])),
    },
  };
}

export function deskPhonesProblems(values: DeskPhonesValues, facilities: Facility[]): FormErrors {
  return schemaErrors(deskPhonesBody, deskPhonesRequest(values, facilities), deskPhonesWording(values, facilities));
}
