import { describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/db.ts';
import { isPgError, PG, pgError } from './errors.ts';

describe('PostgreSQL errors', () => {
  it('finds the SQLSTATE and constraint on the error or a cause below it', () => {
    const driver = Object.assign(new Error('duplicate key'), { code: '23505', constraint: 'units_code_key' });
    expect(pgError(driver)).toEqual({ code: '23505', constraint: 'units_code_key' });
    expect(pgError(new Error('Failed query', { cause: driver }))).toEqual({
      code: '23505',
      constraint: 'units_code_key',
    });
    expect(pgError(new Error('outer', { cause: new Error('middle', { cause: driver }) }))?.code).toBe('23505');
    expect(isPgError(new Error('x', { cause: driver }), PG.uniqueViolation)).toBe(true);
    expect(isPgError(driver, PG.foreignKeyViolation, PG.deadlockDetected)).toBe(false);
  });

  it('is not fooled by other errors with a code', () => {
    expect(pgError(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }))).toBeUndefined();
    expect(pgError(Object.assign(new Error('json'), { code: 'FST_ERR_CTP_INVALID_JSON_BODY' }))).toBeUndefined();
    expect(pgError(new Error('plain'))).toBeUndefined();
    expect(pgError('23505')).toBeUndefined();
    expect(pgError(null)).toBeUndefined();
  });

  it("reads what this project's driver really throws", async () => {
    const database = await openTestDatabase('empty');
    try {
      await database.query('CREATE TABLE error_probe (code text CONSTRAINT error_probe_code_key UNIQUE)');
      await database.query(`INSERT INTO error_probe VALUES ('a')`);
      const duplicate = await database.query(`INSERT INTO error_probe VALUES ('a')`).catch((e: unknown) => e);
      expect(pgError(duplicate)).toEqual({ code: PG.uniqueViolation, constraint: 'error_probe_code_key' });
      const viaDrizzle = await database.db.execute(`INSERT INTO error_probe VALUES ('a')`).catch((e: unknown) => e);
      expect(pgError(viaDrizzle)).toEqual({ code: PG.uniqueViolation, constraint: 'error_probe_code_key' });
      const badUuid = await database.query(`SELECT 'x'::uuid`).catch((e: unknown) => e);
      expect(isPgError(badUuid, PG.invalidTextRepresentation)).toBe(true);
    } finally {
      await database.close();
    }
  });
});
