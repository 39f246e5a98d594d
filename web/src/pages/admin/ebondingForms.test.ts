// The E-bonding screen's state mapping refuses what the server would refuse, under the row it is about, and sends
// what the server accepts.
import { describe, expect, it } from 'vitest';
import { stateMapProblems } from '../../../../src/features/ebonding/rules/state-map.ts';
import { connectionBody } from '../../../../src/features/ebonding/schemas.ts';
import { ApiProblem } from '../../api/client.ts';
import {
  connectionRequest,
  emptyRow,
  type MappingRow,
  mappingErrors,
  rowsOf,
  STATE_CHOICES,
  serverMappingErrors,
} from './ebondingForms.ts';

const ROWS: MappingRow[] = [
  { name: ' In Progress ', state: 'working' },
  { name: 'Awaiting Info', state: 'needs_info' },
  emptyRow(),
  { name: 'Resolved', state: 'fix_released' },
];

describe('the state mapping', () => {
  it('offers every state the server maps to, in words', () => {
    expect(STATE_CHOICES.map((c) => c.value)).toEqual([
      'working',
      'needs_info',
      'fix_proposed',
      'fix_released',
      'returned',
    ]);
    expect(STATE_CHOICES.every((c) => c.label && c.meaning)).toBe(true);
  });

  it('sends the filled rows with their names trimmed, leaving blank rows out, which the server accepts', () => {
    const body = connectionRequest({ rows: ROWS }, true);
    expect(body).toEqual({
      enabled: true,
      stateMap: { 'In Progress': 'working', 'Awaiting Info': 'needs_info', Resolved: 'fix_released' },
    });
    expect(connectionBody.safeParse(body).success).toBe(true);
    expect(stateMapProblems(body.stateMap)).toEqual([]);
    expect(mappingErrors({ rows: ROWS })).toEqual({});
  });

  it("reads a saved mapping back into rows in the order of Clinidesk's states, and starts a new one empty", () => {
    expect(rowsOf({ Closed: 'returned', 'On Hold': 'needs_info', New: 'working', Assigned: 'working' })).toEqual([
      { name: 'Assigned', state: 'working' },
      { name: 'New', state: 'working' },
      { name: 'On Hold', state: 'needs_info' },
      { name: 'Closed', state: 'returned' },
    ]);
    expect(rowsOf({})).toEqual([emptyRow()]);
  });

  it('says under the row what is missing or repeated, as the server would refuse it', () => {
    const rows: MappingRow[] = [
      { name: 'In Progress', state: 'working' },
      { name: 'in progress ', state: 'needs_info' },
      { name: '', state: 'returned' },
      { name: 'Resolved', state: '' },
      { name: 'x'.repeat(101), state: 'working' },
    ];
    const errors = mappingErrors({ rows });
    expect(errors).toEqual({
      'rows.1.name': expect.stringMatching(/^Already in row 1: capital letters and spaces/),
      'rows.2.name': 'Write the state’s name as the vendor’s system sends it.',
      'rows.3.state': 'Choose what this state means in Clinidesk.',
      'rows.4.name': 'State name is too long (at most 100 characters).',
    });
    // The same duplicate, sent anyway, is one the server refuses too.
    expect(stateMapProblems({ 'In Progress': 'working', 'in progress ': 'needs_info' })).toHaveLength(1);
  });

  it('asks for at least one name when every row is blank', () => {
    expect(mappingErrors({ rows: [emptyRow(), emptyRow()] })).toEqual({
      rows: 'Add at least one of the vendor’s state names.',
    });
  });

  it("puts the server's refusal under the row it names, or under the table", () => {
    const problem = new ApiProblem(400, 'Invalid request', 'Please check 2 fields', [
      { field: 'body.stateMap.Resolved', message: 'Resolved is not one of the allowed choices' },
      { field: 'body.stateMap', message: 'Map at most 100 state names.' },
    ]);
    expect(serverMappingErrors(problem, ROWS)).toEqual({
      'rows.3.name': 'Resolved is not one of the allowed choices',
      rows: 'Map at most 100 state names.',
    });
    expect(serverMappingErrors(new Error('offline'), ROWS)).toEqual({});
  });
});
