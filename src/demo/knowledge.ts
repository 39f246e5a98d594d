// Seeds the demo hospital's knowledge base: its 148 published articles (articles.ts reads them from the Markdown files
// in articles/), each with its first version written and approved. One insert per table, inside the seed's first
// transaction.
import { kbArticles, kbArticleVersions } from '../features/knowledge/tables.ts';
import type { Queryable } from '../platform/db/connect.ts';
import { newId } from '../platform/ids.ts';
import { type KbDef, readArticles } from './articles.ts';
import type { Directory } from './directory.ts';

const DAY = 86_400_000;

export function demoArticles(): KbDef[] {
  return readArticles();
}

export async function seedKnowledge(tx: Queryable, dir: Directory, now: number): Promise<number> {
  const service = new Map(dir.services.map((s) => [s.key, s.id]));
  const group = new Map(dir.groups.map((g) => [g.key, g.id]));
  const user = (name: string) => dir.users.find((u) => u.username === name)?.id ?? null;
  const author = user('analyst');
  const approver = user('manager');
  const defs = demoArticles();
  const rows = defs.map((d, i) => {
    const published = new Date(now - (200 - (i % 180)) * DAY);
    // Reviews fall due through the coming year; a handful are already overdue so the review list has work.
    const reviewDue = new Date(now + ((i * 37) % 380) * DAY - 10 * DAY).toISOString().slice(0, 10);
    const id = newId();
    const serviceId = service.get(d.service);
    if (!serviceId) throw new Error(`demo knowledge: unknown service ${d.service}`);
    return {
      id,
      title: d.title,
      body: d.body,
      type: d.type,
      serviceId,
      moduleId: d.module ? (service.get(d.module) ?? null) : null,
      roles: d.roles ?? [],
      unitKinds: d.units ?? [],
      facilityIds: [],
      audience: d.audience,
      ownerGroupId: group.get(d.owner) ?? null,
      reviewDue,
      status: 'published',
      tags: [...new Set(d.tags.map((t) => t.toLowerCase()))],
      version: 1,
      createdBy: author,
      updatedBy: author,
      createdAt: published,
      updatedAt: published,
      publishedAt: published,
    } satisfies typeof kbArticles.$inferInsert;
  });
  await tx.insert(kbArticles).values(rows);
  await tx.insert(kbArticleVersions).values(
    rows.map((r) => ({
      id: newId(),
      articleId: r.id,
      version: 1,
      title: r.title,
      body: r.body,
      meta: {
        type: r.type,
        serviceId: r.serviceId,
        moduleId: r.moduleId,
        roles: r.roles,
        audience: r.audience,
        tags: r.tags,
      },
      note: 'First version',
      authorId: author,
      approvedById: approver,
      approvedAt: r.publishedAt,
      createdAt: r.createdAt,
    })),
  );
  return rows.length;
}
