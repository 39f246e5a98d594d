import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { literals, wholeNumber } from './literals.ts';

const dialect = new PgDialect();

describe('literals', () => {
  it('writes a vocabulary into the query text as quoted literals, with no parameters', () => {
    const query = dialect.sqlToQuery(sql`SELECT 1 WHERE kind IN (${literals(['resolved', 'reopened'])})`);
    expect(query).toEqual({ sql: `SELECT 1 WHERE kind IN ('resolved','reopened')`, params: [] });
  });

  it('doubles a quote, so a value can never end the literal', () => {
    expect(dialect.sqlToQuery(sql`${literals(["it's"])}`).sql).toBe(`'it''s'`);
  });

  it('refuses an empty list (IN () is not SQL)', () => {
    expect(() => literals([])).toThrow(/at least one/);
  });

  it('accepts only the values of the vocabulary it is given', () => {
    type Kind = 'resolved' | 'reopened';
    // @ts-expect-error: 'resovled' is not a Kind
    expect(() => literals<Kind>(['resovled'])).not.toThrow();
  });
});

describe('wholeNumber', () => {
  it('writes a page size and offset into the query text, with no parameters', () => {
    const query = dialect.sqlToQuery(sql`SELECT 1 LIMIT ${wholeNumber(50)} OFFSET ${wholeNumber(0)}`);
    expect(query).toEqual({ sql: 'SELECT 1 LIMIT 50 OFFSET 0', params: [] });
  });

  it('refuses anything but a whole number of at least 0, so no text can reach the query', () => {
    for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, '1; DROP TABLE tickets' as never]) {
      expect(() => wholeNumber(bad)).toThrow(/not a whole number/);
    }
  });
});
