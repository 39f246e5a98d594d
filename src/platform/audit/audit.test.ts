import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { onPostgres } from '../../../test/db.ts';
import { SYSTEM_META } from '../actor.ts';
import { openDatabase } from '../db/connect.ts';
import { recordAudit, sealAuditTrail, verifyAuditTrail } from './service.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('audit trail', () => {
  it('records who did what, from where, with the request id, in the same transaction as the change', async () => {
    const admin = await t.signIn('admin');
    const res = await admin.request({
      method: 'POST',
      url: '/api/v1/users',
      headers: { 'x-request-id': 'req-audit-1' },
      payload: { username: 'audited', displayName: 'Audited Person', role: 'agent', password: 'long-enough-pass' },
    });
    expect(res.statusCode).toBe(201);
    const entries = await admin.get('/api/v1/audit?action=user.create');
    const entry = entries.json().find((e: { targetId: string }) => e.targetId === res.json().id);
    expect(entry).toMatchObject({
      actorLabel: 'admin',
      action: 'user.create',
      targetType: 'user',
      outcome: 'success',
      requestId: 'req-audit-1',
      summary: { username: 'audited', role: 'agent' },
    });
    expect(entry.ip).toBeTruthy();
  });

  it('audits reading the audit trail itself', async () => {
    const manager = await t.signIn('manager');
    await manager.get('/api/v1/audit?limit=5');
    const reads = await manager.get('/api/v1/audit?action=audit.read');
    expect(reads.json().some((e: { actorLabel: string }) => e.actorLabel === 'manager')).toBe(true);
  });

  it('is append-only: the database refuses updates and deletes', async () => {
    await expect(t.ctx.database.query(`UPDATE audit_log SET actor_label = 'someone else'`)).rejects.toThrow(
      /append-only/,
    );
    await expect(t.ctx.database.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
  });

  it('verifies, and pinpoints the first entry altered behind its back', async () => {
    const admin = await t.signIn('admin');
    const ok = await admin.post('/api/v1/audit/verify');
    expect(ok.json()).toMatchObject({ ok: true });
    expect(ok.json().checked).toBeGreaterThan(3);

    // Someone with database superuser rights bypasses the trigger and edits a row.
    const [target] = await t.ctx.database.query<{ id: string }>(
      `SELECT id::text FROM audit_log WHERE action = 'auth.login' ORDER BY id LIMIT 1`,
    );
    await t.ctx.database.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update');
    await t.ctx.database.query(`UPDATE audit_log SET actor_label = 'nobody' WHERE id = $1`, [target!.id]);
    await t.ctx.database.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update');

    const broken = await verifyAuditTrail(t.ctx.database);
    expect(broken).toMatchObject({ ok: false, brokenAt: Number(target!.id), reason: 'content was altered' });
  });

  it('is not readable by agents', async () => {
    const agent = await t.signIn('agent');
    expect((await agent.get('/api/v1/audit')).statusCode).toBe(403);
  });

  it('seals entries once: a sealed entry cannot be re-chained, and sealing again changes nothing', async () => {
    // The app's own sealer job may hold the seal lock at that moment (-1): wait for it, then seal twice.
    const sealWhenFree = async () => {
      for (;;) {
        const sealed = await sealAuditTrail(t.ctx.database);
        if (sealed >= 0) return sealed;
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    await sealWhenFree();
    expect(await sealWhenFree()).toBe(0);
    await expect(t.ctx.database.query(`UPDATE audit_log SET hash = 'x', seq = seq WHERE seq = 1`)).rejects.toThrow(
      /append-only/,
    );
  });

  it.runIf(onPostgres)(
    'chains an entry whose transaction commits late after the ones that committed before it',
    async () => {
      const url = (t.ctx.database as { url?: string }).url!;
      const slow = await openDatabase({ databaseUrl: url, poolSize: 1 });
      let release!: () => void;
      const held = new Promise<void>((r) => {
        release = r;
      });
      let written!: () => void;
      const inserted = new Promise<void>((r) => {
        written = r;
      });
      const slowTx = slow.db.transaction(async (tx) => {
        await recordAudit(tx, SYSTEM_META, { action: 'audit.read', targetType: 'test', targetId: 'slow' });
        written();
        await held;
      });
      // The slow transaction has written its row (uncommitted) before the fast one starts.
      await inserted;
      await t.ctx.database.db.transaction((tx) =>
        recordAudit(tx, SYSTEM_META, { action: 'audit.read', targetType: 'test', targetId: 'fast' }),
      );
      await sealAuditTrail(t.ctx.database);
      const before = await t.ctx.database.query<{ target_id: string; seq: string | null }>(
        `SELECT target_id, seq FROM audit_log WHERE target_type = 'test' AND target_id IN ('slow','fast')`,
      );
      // Neither is sealed while the slow one may still commit: the chain never skips past it.
      expect(before.every((r) => r.seq === null || r.target_id === 'slow')).toBe(true);
      release();
      await slowTx;
      await sealAuditTrail(t.ctx.database);
      const after = await t.ctx.database.query<{ target_id: string; seq: string | null }>(
        `SELECT target_id, seq FROM audit_log WHERE target_type = 'test' AND target_id IN ('slow','fast') ORDER BY seq`,
      );
      expect(after.map((r) => r.target_id)).toEqual(['slow', 'fast']);
      await slow.close();
    },
  );
});
