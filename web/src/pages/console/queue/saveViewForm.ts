// What "Save view" sends, checked first by the server's own schema (savedViewBody): the console's queue, search and
// filters under a name. A name the person already uses is refused by the server, in a sentence shown under the name.
// Pure, tested without a browser.
import type { z } from 'zod';
import { savedViewBody } from '../../../../../src/features/tickets/schemas.ts';
import { ApiProblem } from '../../../api/client.ts';
import { type FormErrors, schemaErrors, serverErrors, type Wording } from '../../../forms/schemaErrors.ts';
import { type ConsoleSearch, toSavedFilter } from './consoleSearch.ts';

export type SaveViewValues = { name: string };
type SaveViewInput = z.input<typeof savedViewBody>;

export function saveViewRequest(values: SaveViewValues, search: ConsoleSearch): SaveViewInput {
  return { name: values.name.trim(), filter: toSavedFilter(search) };
}

const WORDING: Wording = { required: { name: 'Give the view a name' } };

export function saveViewProblems(values: SaveViewValues, search: ConsoleSearch): FormErrors {
  return schemaErrors(savedViewBody, saveViewRequest(values, search), WORDING);
}

/** A refusal about the name (it is taken) shows under the name in the server's whole sentence, which names it. */
export function saveViewServerErrors(error: unknown): FormErrors {
  const errors = serverErrors(error, WORDING);
  if (errors.name && error instanceof ApiProblem && error.detail) errors.name = error.detail;
  return errors;
}
