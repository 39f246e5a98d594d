// HTTP for reading and verifying the audit trail. Reading it is itself audited.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { problemResponses } from '../http/openapi.ts';
import { text } from '../http/validation.ts';
import { listAudit, recordAuditNow, verifyAuditTrail } from './service.ts';

const entryView = z.object({
  id: z.number().int(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorLabel: z.string(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  outcome: z.enum(['success', 'denied', 'failure']),
  summary: z.unknown(),
  ip: z.string().nullable(),
  requestId: z.string().nullable(),
  hash: z.string().nullable().describe('Null until the sealer has chained the entry (about a second)'),
});

const verifyView = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  brokenAt: z.number().int().optional(),
  reason: z.string().optional(),
  unsealed: z.number().int().describe('Entries written but not yet chained (in-flight transactions)'),
});

export function auditRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get(
      '/api/v1/audit',
      {
        config: { access: 'audit:read' },
        schema: {
          tags: ['audit'],
          summary: 'Audit entries, newest first',
          querystring: z
            .object({
              targetType: text({ max: 100 }).optional(),
              targetId: text({ max: 200 }).optional(),
              actorId: z.uuid().optional(),
              action: text({ max: 100 }).optional(),
              beforeId: z.coerce.number().int().min(1).optional(),
              limit: z.coerce.number().int().min(1).max(1000).default(100),
            })
            .strict(),
          response: { 200: z.array(entryView), ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => {
        const rows = await listAudit(ctx.database, request.query);
        await recordAuditNow(ctx.database, request.meta, {
          action: 'audit.read',
          summary: { filter: request.query, returned: rows.length },
        });
        return rows.map(({ prevHash: _p, hash, ...row }) => ({ ...row, hash: hash || null }));
      },
    );

    r.post(
      '/api/v1/audit/verify',
      {
        config: { access: 'audit:verify' },
        schema: {
          tags: ['audit'],
          summary: 'Recompute the hash chain and report the first broken entry, if any',
          response: { 200: verifyView, ...problemResponses(401, 403) },
        },
      },
      async (request) => {
        const result = await verifyAuditTrail(ctx.database);
        await recordAuditNow(ctx.database, request.meta, {
          action: 'audit.verify',
          summary: { ok: result.ok, checked: result.checked },
        });
        return result.ok ? { ok: true, checked: result.checked, unsealed: result.unsealed } : result;
      },
    );
  };
}
