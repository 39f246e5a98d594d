// The words a nurse reads when a form is refused: the field's name, what is wrong, and the limit in plain numbers.
import { describe, expect, it } from 'vitest';
import { fieldLabel, plainDetail, plainFieldMessage } from './plain-errors.ts';

describe('plain validation messages', () => {
  it('names fields in words, not paths', () => {
    expect(fieldLabel('body.description')).toBe('Description');
    expect(fieldLabel('body.displayName')).toBe('Display name');
    expect(fieldLabel('body.errorText')).toBe('Error message');
    expect(fieldLabel('body.requesterId')).toBe('Requester');
    expect(fieldLabel('body.resolveNow.note')).toBe('Note');
    expect(fieldLabel('body.phones.2')).toBe('Phones');
    expect(fieldLabel('body.facilityNumbers.0.phone')).toBe('Phone');
  });

  it('says a long text is too long, with the limit written as people write numbers', () => {
    const issue = {
      code: 'too_big',
      message: 'at most 10000 characters',
      params: { origin: 'string', maximum: 10_000 },
    };
    expect(plainFieldMessage('Description', issue)).toBe('Description is too long (at most 10,000 characters)');
  });

  it('keeps a schema’s own explanation of a number’s range beside the plain words', () => {
    expect(
      plainFieldMessage('Day', { code: 'too_big', message: '7 is Sunday', params: { origin: 'number', maximum: 7 } }),
    ).toBe('Day must be at most 7 (7 is Sunday)');
    expect(
      plainFieldMessage('Day', {
        code: 'too_big',
        message: 'Too big: expected number to be <=7',
        params: { origin: 'number', maximum: 7 },
      }),
    ).toBe('Day must be at most 7');
  });

  it('keeps a schema’s own full sentence, which already says what to send', () => {
    const own = 'The range ends before it starts: send "from" earlier than "to".';
    expect(plainFieldMessage('To', { code: 'custom', message: own })).toBe(own);
    expect(plainFieldMessage('To', { code: 'custom', message: 'Invalid input' })).toBe('To is not valid');
  });

  it('says an empty or missing answer is required', () => {
    expect(
      plainFieldMessage('Summary', {
        code: 'too_small',
        message: 'must not be empty',
        params: { origin: 'string', minimum: 1 },
      }),
    ).toBe('Summary is required');
    expect(
      plainFieldMessage('Summary', {
        code: 'invalid_type',
        message: 'Invalid input: expected string, received undefined',
        params: { expected: 'string' },
      }),
    ).toBe('Summary is required');
    expect(
      plainFieldMessage('Reason', {
        code: 'too_small',
        message: 'at least 3 characters',
        params: { origin: 'string', minimum: 3 },
      }),
    ).toBe('Reason is too short (at least 3 characters)');
  });

  it('lists the allowed choices, and never shows zod’s own wording', () => {
    expect(
      plainFieldMessage('Scope', {
        code: 'invalid_value',
        message: 'Invalid option',
        params: { values: ['me', 'unit'] },
      }),
    ).toBe('Scope must be one of: me, unit');
    expect(
      plainFieldMessage('Requester', { code: 'invalid_format', message: 'Invalid UUID', params: { format: 'uuid' } }),
    ).toBe('Requester is not a valid reference');
    expect(
      plainFieldMessage('Patient care', {
        code: 'invalid_type',
        message: 'Invalid input: expected boolean, received string',
        params: { expected: 'boolean' },
      }),
    ).toBe('Patient care must be yes or no');
  });

  it('keeps our own phrases after the field name, and messages that quote the value as they are', () => {
    expect(plainFieldMessage('Summary', { code: 'custom', message: 'must not contain NUL characters' })).toBe(
      'Summary must not contain NUL characters',
    );
    expect(plainFieldMessage('Phones', { code: 'custom', message: '"call me" is not a phone number' })).toBe(
      'Phones: "call me" is not a phone number',
    );
  });

  it('sums the problems up in one sentence: "Please check 1 field: …"', () => {
    expect(
      plainDetail([{ field: 'body.description', message: 'Description is too long (at most 10,000 characters)' }]),
    ).toBe('Please check 1 field: Description is too long (at most 10,000 characters)');
    const five = ['A', 'B', 'C', 'D', 'E'].map((m) => ({ field: `body.${m}`, message: `${m} is required` }));
    expect(plainDetail(five)).toBe('Please check 5 fields: A is required; B is required; C is required; and 2 more');
  });
});
