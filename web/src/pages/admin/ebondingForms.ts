// What the E-bonding screen's state mapping sends and how its problems are worded: one row per vendor state name and
// what it means here, checked as the server checks it (rules/state-map.ts: names compared without case and the spaces
// around them, 1–100 names) before it is sent, and the server's own refusals put under the row or table they are
// about. Pure, tested without a browser.
import {
  EBOND_STATES,
  type EbondState,
  STATE_MAP_MAX,
  STATE_NAME_MAX,
  stateKey,
} from '../../../../src/features/ebonding/rules/state-map.ts';
import { VENDOR_STATE_LABELS } from '../../../../src/features/tickets/rules/vendor-case.ts';
import { ApiProblem } from '../../api/client.ts';
import type { ConnectionBody } from '../../api/ebonding.ts';
import type { FormErrors } from '../../forms/schemaErrors.ts';

/** One line of the mapping: the vendor's state name, and the Clinidesk state it means ('' until one is chosen). */
export type MappingRow = { name: string; state: EbondState | '' };
export type MappingValues = { rows: MappingRow[] };

/** Where the problems about the mapping as a whole show: under the table. */
export const MAPPING_FIELD = 'rows';

const MEANINGS: Record<EbondState, string> = {
  working: 'the vendor is working on it',
  needs_info: 'the desk is asked to answer; the contract clock stands still if the contract says so',
  fix_proposed: 'the desk confirms the fix with the clinician',
  fix_released: 'the vendor’s update must give the version the fix ships in',
  returned: 'the ticket goes back to the desk, with the vendor’s comment as the reason',
};

/** Clinidesk's states, as the vendor's own screen names them, with what each one does to the ticket. */
export const STATE_CHOICES: { value: EbondState; label: string; meaning: string }[] = EBOND_STATES.map((value) => ({
  value,
  label: VENDOR_STATE_LABELS[value],
  meaning: MEANINGS[value],
}));

export const emptyRow = (): MappingRow => ({ name: '', state: '' });

/** The form's rows for a saved mapping, in the order of Clinidesk's states then by name (the server keeps no order
 *  of its own), or one empty row to start a new one. */
export function rowsOf(stateMap: Record<string, EbondState>): MappingRow[] {
  const rows = Object.entries(stateMap)
    .map(([name, state]) => ({ name, state }))
    .sort(
      (a, b) => EBOND_STATES.indexOf(a.state) - EBOND_STATES.indexOf(b.state) || a.name.localeCompare(b.name, 'en'),
    );
  return rows.length ? rows : [emptyRow()];
}

const isBlank = (row: MappingRow) => !row.name.trim() && !row.state;

/** The body of the save: the rows filled in (a blank row is left out), names trimmed as the server stores them. */
export function connectionRequest(values: MappingValues, enabled: boolean): ConnectionBody {
  const rows = values.rows.filter((row) => !isBlank(row));
  return { enabled, stateMap: Object.fromEntries(rows.map((row) => [row.name.trim(), row.state as EbondState])) };
}

/** What the server would refuse in the mapping, under the row it is about (`rows.2.name`) or the table (`rows`). */
export function mappingErrors(values: MappingValues): FormErrors {
  const errors: FormErrors = {};
  const filled = values.rows.map((row, index) => ({ row, index })).filter(({ row }) => !isBlank(row));
  if (filled.length === 0) errors[MAPPING_FIELD] = 'Add at least one of the vendor’s state names.';
  if (filled.length > STATE_MAP_MAX) errors[MAPPING_FIELD] = `At most ${STATE_MAP_MAX} state names can be mapped.`;
  const seen = new Map<string, number>();
  for (const { row, index } of filled) {
    const key = stateKey(row.name);
    if (!key) errors[`rows.${index}.name`] = 'Write the state’s name as the vendor’s system sends it.';
    else if (key.length > STATE_NAME_MAX)
      errors[`rows.${index}.name`] = `State name is too long (at most ${STATE_NAME_MAX} characters).`;
    else if (seen.has(key))
      errors[`rows.${index}.name`] =
        `Already in row ${seen.get(key)! + 1}: capital letters and spaces around a name do not make another state.`;
    else seen.set(key, index);
    if (!row.state) errors[`rows.${index}.state`] = 'Choose what this state means in Clinidesk.';
  }
  return errors;
}

/**
 * The server's refusal of a save, under what it is about: a problem with one state name (`body.stateMap.<name>`)
 * under that row's name, any other about the mapping under the table. Empty when the refusal names no field.
 */
export function serverMappingErrors(error: unknown, rows: MappingRow[]): FormErrors {
  if (!(error instanceof ApiProblem)) return {};
  const errors: FormErrors = {};
  for (const { field, message } of error.fieldErrors) {
    const path = field.replace(/^body\./, '');
    const name = path.startsWith('stateMap.') ? path.slice('stateMap.'.length) : null;
    const index = name === null ? -1 : rows.findIndex((row) => row.name.trim() === name);
    errors[index >= 0 ? `rows.${index}.name` : MAPPING_FIELD] ??= message;
  }
  return errors;
}
