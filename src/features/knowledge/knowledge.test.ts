// The knowledge base through the API: lifecycle and its permissions, versions and diffs, portal visibility (never
// agent-only or unpublished articles), safe rendering, votes, use on a ticket (reply + link + FCR), gaps, deflection.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, type TestApp } from '../../../test/app.ts';
import { buildHospital, type Hospital, TEST_PASSWORD } from '../../../test/factories.ts';

let t: TestApp;
let h: Hospital;
let nurse: Client;
let agent: Client;
let agent2: Client;
let analyst: Client;
let vendor: Client;
beforeAll(async () => {
  t = await createTestApp();
  h = await buildHospital(t.ctx);
  const as = (u: { username: string }) => t.signIn(u.username, TEST_PASSWORD);
  [nurse, agent, agent2, analyst, vendor] = await Promise.all([
    as(h.users.nurse),
    as(h.users.agent),
    as(h.users.agent2),
    as(h.users.analyst),
    as(h.users.vendor),
  ]);
});
afterAll(() => t.close());

const patch = (c: Client, url: string, payload: object) => c.request({ method: 'PATCH', url, payload });

async function draft(c: Client, extra: Record<string, unknown> = {}) {
  const res = await c.post('/api/v1/knowledge/articles', {
    title: `Reprint a zebrawidget wristband ${h.tag}`,
    body: '## Steps\n1. Open **Print Wristband**\n2. Choose the ward printer\n',
    type: 'how_to',
    serviceId: h.ehr.id,
    moduleId: h.bcma.id,
    roles: ['rn'],
    audience: 'portal',
    tags: ['Wristband', 'printing'],
    ...extra,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function publish(number: string, author: Client = agent, reviewer: Client = analyst) {
  let a = (await author.get(`/api/v1/knowledge/articles/${number}?track=false`)).json();
  const s = await author.post(`/api/v1/knowledge/articles/${number}/transitions`, {
    action: 'submit',
    version: a.version,
  });
  expect(s.statusCode, s.body).toBe(200);
  a = s.json();
  const p = await reviewer.post(`/api/v1/knowledge/articles/${number}/transitions`, {
    action: 'approve',
    version: a.version,
  });
  expect(p.statusCode, p.body).toBe(200);
  return p.json();
}

describe('writing and the lifecycle', () => {
  it('takes a draft through review to published, with versions, a diff and who approved', async () => {
    const a = await draft(agent);
    expect(a).toMatchObject({
      status: 'draft',
      version: 1,
      editable: true,
      actions: ['submit'],
      tags: ['wristband', 'printing'],
    });
    expect(a.number).toMatch(/^KB-\d{5}$/);
    expect(a.module).toEqual({ id: h.bcma.id, name: 'BCMA' });

    const edited = await patch(agent, `/api/v1/knowledge/articles/${a.number}`, {
      version: 1,
      body: '## Steps\n1. Open **Print Wristband**\n2. Choose the ward printer\n3. Scan the new band\n',
      note: 'Added the scan step',
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json().version).toBe(2);

    const stale = await patch(agent, `/api/v1/knowledge/articles/${a.number}`, { version: 1, title: 'Stale edit' });
    expect(stale.statusCode).toBe(409);

    // The agent may not approve; the author may not approve their own version.
    await agent.post(`/api/v1/knowledge/articles/${a.number}/transitions`, { action: 'submit', version: 2 });
    const byAgent = await agent2.post(`/api/v1/knowledge/articles/${a.number}/transitions`, {
      action: 'approve',
      version: 2,
    });
    expect(byAgent.statusCode).toBe(403);
    expect(byAgent.headers['content-type']).toMatch(/application\/problem\+json/);
    const back = await analyst.post(`/api/v1/knowledge/articles/${a.number}/transitions`, {
      action: 'reject',
      version: 2,
    });
    expect(back.statusCode).toBe(400);
    const ok = await analyst.post(`/api/v1/knowledge/articles/${a.number}/transitions`, {
      action: 'approve',
      version: 2,
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'published', editable: false });
    expect(ok.json().publishedAt).not.toBeNull();

    const notEditable = await patch(agent, `/api/v1/knowledge/articles/${a.number}`, {
      version: 2,
      title: 'Live edit',
    });
    expect(notEditable.statusCode).toBe(409);

    const versions = (await agent.get(`/api/v1/knowledge/articles/${a.number}/versions`)).json();
    expect(versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(versions[0]).toMatchObject({
      author: 'Jordan Reyes',
      approvedBy: 'Priya Natarajan',
      note: 'Added the scan step',
    });
    expect(versions[1].approvedBy).toBeNull();

    const diff = (await agent.get(`/api/v1/knowledge/articles/${a.number}/diff?from=1&to=2`)).json();
    expect(diff.changed).toBe(true);
    expect(
      diff.body
        .filter((p: { op: string }) => p.op === 'added')
        .map((p: { text: string }) => p.text)
        .join(''),
    ).toContain('3. Scan the new band');
    const missing = await agent.get(`/api/v1/knowledge/articles/${a.number}/diff?from=1&to=9`);
    expect(missing.statusCode).toBe(404);

    const audit = await t.ctx.database.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE target_id = $1 ORDER BY id`,
      [a.id],
    );
    expect(audit.map((r) => r.action)).toEqual([
      'knowledge.create',
      'knowledge.update',
      'knowledge.submit',
      'knowledge.approve',
    ]);
  });

  it('retires, restores and revises; requesters and vendors may not write', async () => {
    const a = await draft(agent, { title: `Retire me ${h.tag}` });
    const p = await publish(a.number);
    const retired = await analyst.post(`/api/v1/knowledge/articles/${a.number}/transitions`, {
      action: 'retire',
      version: p.version,
    });
    expect(retired.json().status).toBe('retired');
    const restored = await agent.post(`/api/v1/knowledge/articles/${a.number}/transitions`, {
      action: 'restore',
      version: p.version,
    });
    expect(restored.json()).toMatchObject({ status: 'draft', editable: true });

    expect(
      (await nurse.post('/api/v1/knowledge/articles', { title: 'x y z', body: 'b', type: 'how_to' })).statusCode,
    ).toBe(403);
    expect((await vendor.get('/api/v1/knowledge/articles')).statusCode).toBe(403);
    expect((await nurse.get('/api/v1/knowledge/review')).statusCode).toBe(403);
    expect((await agent.get('/api/v1/knowledge/review')).statusCode).toBe(403);
  });

  it('revises a published article as a draft copy: the original stays live until the revision is approved', async () => {
    const word = 'xylorevise';
    const a = await publish((await draft(agent, { title: `Revise ${word} ${h.tag}` })).number);
    const r = await agent.post(`/api/v1/knowledge/articles/${a.number}/transitions`, {
      action: 'revise',
      version: a.version,
    });
    expect(r.statusCode, r.body).toBe(200);
    const copy = r.json();
    expect(copy).toMatchObject({ status: 'draft', editable: true, revisionOf: a.number, title: a.title });
    expect(copy.number).not.toBe(a.number);
    const again = await agent2.post(`/api/v1/knowledge/articles/${a.number}/transitions`, {
      action: 'revise',
      version: a.version,
    });
    expect(again.statusCode).toBe(409);

    // Still published and findable from the portal while the revision is in the works.
    const found = async () =>
      (await nurse.get(`/api/v1/knowledge/articles?q=${word}`)).json().items.map((i: { number: string }) => i.number);
    expect(await found()).toEqual([a.number]);

    const edited = await patch(agent, `/api/v1/knowledge/articles/${copy.number}`, {
      version: 1,
      body: '## Steps\n1. The revised step\n',
    });
    expect(edited.statusCode, edited.body).toBe(200);
    await agent.post(`/api/v1/knowledge/articles/${copy.number}/transitions`, { action: 'submit', version: 2 });
    expect(await found()).toEqual([a.number]);
    const approved = await analyst.post(`/api/v1/knowledge/articles/${copy.number}/transitions`, {
      action: 'approve',
      version: 2,
    });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ number: a.number, status: 'published', version: a.version + 1 });
    expect(approved.json().body).toContain('The revised step');
    expect((await agent.get(`/api/v1/knowledge/articles/${copy.number}`)).statusCode).toBe(404);
    const versions = (await agent.get(`/api/v1/knowledge/articles/${a.number}/versions`)).json();
    expect(versions[0]).toMatchObject({
      version: a.version + 1,
      author: 'Jordan Reyes',
      approvedBy: 'Priya Natarajan',
    });
    const diff = (
      await agent.get(`/api/v1/knowledge/articles/${a.number}/diff?from=${a.version}&to=${a.version + 1}`)
    ).json();
    expect(diff.changed).toBe(true);
    expect(await found()).toEqual([a.number]);
  });

  it('refuses bad input with problem+json naming the field, never a 500', async () => {
    const bad = await agent.post('/api/v1/knowledge/articles', { title: 'ok title', body: 'x', type: 'essay' });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toMatch(/problem\+json/);
    const wrongModule = await agent.post('/api/v1/knowledge/articles', {
      title: 'Module of nothing',
      body: 'x',
      type: 'how_to',
      moduleId: h.printers.id,
    });
    expect(wrongModule.statusCode).toBe(400);
    expect(wrongModule.json().errors[0].field).toBe('moduleId');
    const moduleOnly = await agent.post('/api/v1/knowledge/articles', {
      title: 'Module given alone',
      body: 'x',
      type: 'how_to',
      moduleId: h.cpoe.id,
    });
    expect(moduleOnly.statusCode).toBe(201);
    expect(moduleOnly.json().service).toEqual({ id: h.ehr.id, name: h.ehr.name });
    const noGroup = await agent.post('/api/v1/knowledge/articles', {
      title: 'Unknown group',
      body: 'x',
      type: 'how_to',
      ownerGroupId: '01900000-0000-7000-8000-000000000000',
    });
    expect(noGroup.statusCode).toBe(400);
    expect((await agent.get('/api/v1/knowledge/articles/KB-99999999')).statusCode).toBe(404);
    expect((await agent.get('/api/v1/knowledge/articles/nope')).statusCode).toBe(400);
    expect((await agent.get('/api/v1/knowledge/articles?q=%00')).statusCode).toBe(400);
    expect((await agent.get('/api/v1/knowledge/suggest?text=x&ticket=CSD-99999999')).statusCode).toBe(404);
  });
});

describe('portal visibility', () => {
  it('shows requesters published portal articles only, enforced in search, reads, votes and suggestions', async () => {
    const word = 'zyxwvquokka';
    const portal = await publish((await draft(agent, { title: `Portal ${word} article` })).number);
    const agentsOnly = await publish(
      (await draft(agent, { title: `Agents ${word} article`, audience: 'agents' })).number,
    );
    const unpublished = await draft(agent, { title: `Draft ${word} article` });
    const inReview = await draft(agent, { title: `Review ${word} article` });
    await agent.post(`/api/v1/knowledge/articles/${inReview.number}/transitions`, { action: 'submit', version: 1 });
    const retired = await publish((await draft(agent, { title: `Retired ${word} article` })).number);
    await analyst.post(`/api/v1/knowledge/articles/${retired.number}/transitions`, {
      action: 'retire',
      version: retired.version,
    });
    const otherFacility = await publish(
      (
        await draft(agent, {
          title: `Elsewhere ${word} article`,
          facilityIds: ['01900000-0000-7000-8000-00000000abcd'],
        })
      ).number,
    );

    const seen = (c: Client, qs = '') =>
      c.get(`/api/v1/knowledge/articles?q=${word}${qs}`).then((r) => {
        if (r.statusCode !== 200) throw new Error(r.body);
        return r.json().items.map((i: { number: string }) => i.number);
      });
    expect(await seen(nurse)).toEqual([portal.number]);
    // Asking for drafts or agent articles does not widen what a requester sees.
    expect(await seen(nurse, '&status=draft,in_review,retired')).toEqual([portal.number]);
    expect(await seen(nurse, '&audience=agents')).toEqual([portal.number]);
    expect((await seen(agent)).sort()).toEqual([portal.number, agentsOnly.number, otherFacility.number].sort());
    expect((await seen(agent, '&status=draft,in_review,retired')).length).toBe(3);

    for (const hidden of [agentsOnly, unpublished, inReview, retired, otherFacility]) {
      const r = await nurse.get(`/api/v1/knowledge/articles/${hidden.number}`);
      expect(r.statusCode).toBe(404);
      expect(
        (await nurse.post(`/api/v1/knowledge/articles/${hidden.number}/votes`, { helpful: true })).statusCode,
      ).toBe(404);
    }
    const read = await nurse.get(`/api/v1/knowledge/articles/${portal.number}`);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ stats: null, actions: [], editable: false, facilityIds: [] });
    // Requesters have no agent assist.
    expect((await nurse.get(`/api/v1/knowledge/suggest?text=${word}`)).statusCode).toBe(403);
    const list = (await nurse.get('/api/v1/knowledge/articles?limit=50')).json();
    expect(
      list.items.every(
        (i: { status: string; audience: string }) => i.status === 'published' && i.audience === 'portal',
      ),
    ).toBe(true);
  });

  it('renders hostile Markdown inert', async () => {
    const a = await publish(
      (
        await draft(agent, {
          title: `Hostile ${h.tag}`,
          body: '<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[click](javascript:alert(1))\n\n**ok**',
        })
      ).number,
    );
    const r = (await nurse.get(`/api/v1/knowledge/articles/${a.number}`)).json();
    expect(r.html).not.toMatch(/<script|<img|<a[^>]*javascript:/i);
    expect(r.html).toContain('<strong>ok</strong>');
  });
});

describe('usage and value', () => {
  it('counts views and votes with comments (one vote per person)', async () => {
    const a = await publish((await draft(agent, { title: `Votes ${h.tag}` })).number);
    await nurse.get(`/api/v1/knowledge/articles/${a.number}`);
    await nurse.get(`/api/v1/knowledge/articles/${a.number}`);
    await nurse.get(`/api/v1/knowledge/articles/${a.number}?track=false`);
    expect((await nurse.post(`/api/v1/knowledge/articles/${a.number}/votes`, { helpful: false })).statusCode).toBe(200);
    await nurse.post(`/api/v1/knowledge/articles/${a.number}/votes`, { helpful: true, comment: 'Step 2 saved me' });
    await agent2.post(`/api/v1/knowledge/articles/${a.number}/votes`, {
      helpful: false,
      comment: 'Missing the Zebra model',
    });
    const s = (await agent.get(`/api/v1/knowledge/articles/${a.number}?track=false`)).json();
    expect(s.stats).toMatchObject({ views: 2, helpful: 1, notHelpful: 1 });
    expect(s.stats.comments.map((c: { comment: string }) => c.comment).sort()).toEqual([
      'Missing the Zebra model',
      'Step 2 saved me',
    ]);
    expect((await nurse.get(`/api/v1/knowledge/articles/${a.number}?track=false`)).json().myVote).toEqual({
      helpful: true,
      comment: 'Step 2 saved me',
    });
  });

  it('uses an article on a call: public reply with the steps, link, and a first-contact resolution counted', async () => {
    const a = await publish((await draft(agent, { title: `Use on call ${h.tag}` })).number);
    const ticket = (
      await agent.post('/api/v1/tickets', {
        requesterId: h.nurse.id,
        channel: 'phone',
        type: 'how_to',
        summary: 'How do I reprint a wristband',
        serviceId: h.ehr.id,
        moduleId: h.bcma.id,
      })
    ).json();
    const used = await agent.post(`/api/v1/knowledge/articles/${a.number}/use`, { ticket: ticket.number });
    expect(used.statusCode, used.body).toBe(200);
    expect(used.json()).toMatchObject({ ticket: ticket.number, linked: true });
    const again = await agent.post(`/api/v1/knowledge/articles/${a.number}/use`, { ticket: ticket.number });
    expect(again.json().linked).toBe(false);

    let detail = (await agent.get(`/api/v1/tickets/${ticket.number}`)).json();
    const reply =
      detail.conversation?.find?.((c: { body: string }) => c.body.includes(a.number)) ??
      JSON.stringify(detail).includes(a.number);
    expect(reply).toBeTruthy();
    // The nurse sees it as a public reply.
    expect(JSON.stringify((await nurse.get(`/api/v1/tickets/${ticket.number}`)).json())).toContain(
      'Choose the ward printer',
    );

    const resolved = await patch(agent, `/api/v1/tickets/${ticket.number}`, {
      version: detail.version,
      status: 'resolved',
      resolution: { code: 'answered_how_to', note: `Sent ${a.number}` },
    });
    expect(resolved.statusCode, resolved.body).toBe(200);
    detail = resolved.json();
    expect(detail.firstContact.resolvedOnFirstContact).toBe(true);

    const stats = (await agent.get(`/api/v1/knowledge/articles/${a.number}?track=false`)).json().stats;
    expect(stats).toMatchObject({ uses: 1, resolved: 1, firstContact: 1 });
    const linked = (await agent.get(`/api/v1/knowledge/tickets/${ticket.number}/articles`)).json();
    expect(linked.map((l: { number: string }) => l.number)).toEqual([a.number]);

    // Unpublished articles are not sent; requesters cannot use articles.
    const d = await draft(agent, { title: `Not yet ${h.tag}` });
    expect((await agent.post(`/api/v1/knowledge/articles/${d.number}/use`, { ticket: ticket.number })).statusCode).toBe(
      409,
    );
    expect((await nurse.post(`/api/v1/knowledge/articles/${a.number}/use`, { ticket: ticket.number })).statusCode).toBe(
      403,
    );
  });

  it('lists searches with no good result as gaps, and measures portal deflection', async () => {
    const nonsense = 'glorpwhistle snorkvane';
    await nurse.get(`/api/v1/knowledge/articles?q=${encodeURIComponent(nonsense)}`);
    await agent.get(`/api/v1/knowledge/articles?q=${encodeURIComponent(nonsense)}`);
    const gaps = (await analyst.get('/api/v1/knowledge/gaps?days=1')).json();
    expect(gaps.find((g: { query: string }) => g.query === nonsense)).toMatchObject({ searches: 2, fromPortal: 1 });

    // Two portal searches an hour ago: one followed by a ticket within the window, one not.
    const db = t.ctx.database;
    const nurseId = h.users.nurse.id;
    await db.query(`DELETE FROM kb_searches WHERE portal`);
    await db.query(
      `INSERT INTO kb_searches (id, at, user_id, portal, query, result_count, good)
       VALUES (gen_random_uuid(), now() - interval '2 hours', $1, true, 'badge', 1, true),
              (gen_random_uuid(), now() - interval '3 hours', $1, true, 'printer', 1, true)`,
      [nurseId],
    );
    const opened = (
      await nurse.post('/api/v1/tickets', {
        summary: 'Badge still fails',
        serviceId: h.ehr.id,
        scope: 'me',
        patientCareAffected: false,
      })
    ).json();
    await db.query(`UPDATE tickets SET created_at = now() - interval '110 minutes' WHERE number = $1`, [
      Number(opened.number.slice(4)),
    ]);
    const d = (await analyst.get('/api/v1/knowledge/deflection?days=1&windowMinutes=30')).json();
    expect(d).toEqual({ days: 1, windowMinutes: 30, portalSearches: 2, followedByTicket: 1, deflected: 1, rate: 0.5 });

    // Per article: the portal searches where it was the best result, and those not followed by a ticket.
    const a = await publish((await draft(agent, { title: `Deflects ${h.tag}` })).number);
    await db.query(`UPDATE kb_searches SET top_article_id = $1 WHERE portal`, [a.id]);
    const stats = (await agent.get(`/api/v1/knowledge/articles/${a.number}?track=false`)).json().stats;
    expect(stats).toMatchObject({ portalSearches: 2, portalDeflected: 1 });
  });

  it('lists articles in review and those due for review', async () => {
    const due = await publish((await draft(agent, { title: `Due soon ${h.tag}`, reviewDue: '2020-01-01' })).number);
    const waiting = await draft(agent, { title: `Waiting ${h.tag}` });
    await agent.post(`/api/v1/knowledge/articles/${waiting.number}/transitions`, { action: 'submit', version: 1 });
    const q = (await analyst.get('/api/v1/knowledge/review')).json();
    expect(q.reviewDue.map((a: { number: string }) => a.number)).toContain(due.number);
    expect(q.inReview.map((a: { number: string }) => a.number)).toContain(waiting.number);
    // "Mine": owned by a group the analyst belongs to (the factory's Tier 2 group).
    const owned = await publish(
      (await draft(agent, { title: `Owned ${h.tag}`, reviewDue: '2020-01-01', ownerGroupId: h.tier2.id })).number,
    );
    const mine = (await analyst.get('/api/v1/knowledge/review?mine=true')).json();
    expect(mine.reviewDue.map((a: { number: string }) => a.number)).toEqual([owned.number]);
    expect(mine.inReview).toEqual([]);
  });
});

describe('preview', () => {
  it('renders a draft body sanitised, for writers only', async () => {
    const r = await agent.post('/api/v1/knowledge/preview', { body: '# Hi\n\n<script>x</script>[a](javascript:x)' });
    expect(r.statusCode).toBe(200);
    expect(r.json().html).toContain('<h1>Hi</h1>');
    expect(r.json().html).not.toMatch(/<script|href="javascript/);
    expect((await nurse.post('/api/v1/knowledge/preview', { body: 'x' })).statusCode).toBe(403);
  });
});

describe('first-contact figures', () => {
  it('count the same first-contact resolutions as the ticket page verdict (tickets/rules/fcr.ts)', async () => {
    const a = await publish((await draft(agent, { title: `FCR parity ${h.tag}` })).number);
    const db = t.ctx.database;
    const tickets = await db.query<{ id: string; number: string }>(
      `SELECT id, number::text FROM tickets WHERE status IN ('resolved','closed') ORDER BY number LIMIT 150`,
    );
    expect(tickets.length).toBeGreaterThan(20);
    await db.query(
      `INSERT INTO kb_ticket_links (article_id, ticket_id, article_version)
       SELECT $1, id, 1 FROM tickets WHERE id = ANY($2::uuid[])`,
      [a.id, tickets.map((x) => x.id)],
    );
    let expected = 0;
    for (const x of tickets) {
      const detail = (await agent.get(`/api/v1/tickets/${x.number}`)).json();
      if (detail.firstContact.resolvedOnFirstContact) expected++;
    }
    expect(expected).toBeGreaterThan(0);
    const stats = (await agent.get(`/api/v1/knowledge/articles/${a.number}?track=false`)).json().stats;
    expect(stats).toMatchObject({ uses: tickets.length, resolved: tickets.length, firstContact: expected });
  });
});
