// Ticket search as each viewer may run it: a vendor searches the masked text only (hidden PHI is never found,
// counted or ranked), and words in unspaced scripts (Chinese, Japanese) are found as substrings.
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, type TestApp } from '../../../test/app.ts';
import { buildHospital, type Hospital, signInAs } from '../../../test/factories.ts';
import { listTickets, pagesSpanned, readsEveryMatch } from './queue-store.ts';
import { loadViewer } from './service/viewer.ts';
import { maskUnscannedTickets } from './store.ts';

let t: TestApp;
let h: Hospital;
let agent: Client;
let vendor: Client;
beforeAll(async () => {
  t = await createTestApp();
  h = await buildHospital(t.ctx);
  [agent, vendor] = await signInAs(t, h, 'agent', 'vendor');
});
afterAll(() => t.close());

async function openEscalated(summary: string, description = '') {
  const res = await agent.post('/api/v1/tickets', {
    requesterId: h.nurse.id,
    summary,
    description,
    serviceId: h.ehr.id,
    moduleId: h.bcma.id,
    assignToMe: true,
  });
  expect(res.statusCode, res.body).toBe(201);
  const number = res.json().number as string;
  const esc = await agent.post(`/api/v1/tickets/${number}/escalations`, { toTier: 'vendor', reason: 'Defect' });
  expect(esc.statusCode, esc.body).toBe(200);
  return number;
}

const numbersFound = async (client: Client, q: string) => {
  const res = await client.get(`/api/v1/tickets?q=${encodeURIComponent(q)}`);
  expect(res.statusCode, res.body).toBe(200);
  const page = res.json() as { items: { number: string }[]; total: number };
  return { numbers: page.items.map((i) => i.number), total: page.total };
};

describe('search and hidden PHI', () => {
  it('finds a ticket for the desk by the patient surname and MRN, and never for a vendor who sees them masked', async () => {
    const number = await openEscalated('Patient: Harriet Quennell MRN 00917734 wrong bed', 'Bed board shows her twice');
    const seen = (await vendor.get(`/api/v1/tickets/${number}`)).json();
    expect(seen.summary).toBe('[patient name hidden] [mrn hidden] wrong bed');

    for (const q of ['Quennell', '00917734', 'Harriet Quennell']) {
      expect((await numbersFound(agent, q)).numbers).toContain(number);
      expect(await numbersFound(vendor, q)).toEqual({ numbers: [], total: 0 });
    }
    // What the vendor does see is searchable for them.
    expect((await numbersFound(vendor, 'wrong bed')).numbers).toContain(number);
  });

  it('keeps searching the masked text after the text is edited', async () => {
    const number = await openEscalated('Label printer jams on 4 West');
    const detail = (await agent.get(`/api/v1/tickets/${number}`)).json();
    const edit = await agent.request({
      method: 'PATCH',
      url: `/api/v1/tickets/${number}`,
      payload: { version: detail.version, errorText: 'Jams for Patient: Orla Brennigan only' },
    });
    expect(edit.statusCode, edit.body).toBe(200);
    expect((await numbersFound(agent, 'Brennigan')).numbers).toContain(number);
    expect((await numbersFound(vendor, 'Brennigan')).numbers).toEqual([]);
    expect((await numbersFound(vendor, 'jams')).numbers).toContain(number);
  });

  it('keeps the unedited fields masked when another field is edited', async () => {
    const number = await openEscalated('Patient: Tamsin Oakheart wristband will not print');
    const detail = (await agent.get(`/api/v1/tickets/${number}`)).json();
    const edit = await agent.request({
      method: 'PATCH',
      url: `/api/v1/tickets/${number}`,
      payload: { version: detail.version, description: 'Zebra printer on 4 West, tried a restart' },
    });
    expect(edit.statusCode, edit.body).toBe(200);
    expect((await numbersFound(vendor, 'Oakheart')).numbers).toEqual([]);
    expect((await numbersFound(vendor, 'zebra restart')).numbers).toContain(number);
    expect((await numbersFound(agent, 'Oakheart')).numbers).toContain(number);
  });

  it('finds rows written before masking only after the PHI scan, and only by what the scan left visible', async () => {
    const number = await openEscalated('Scanner offline MRN 00551234');
    // As a bulk loader or an older version would have left it: not yet scanned.
    await t.ctx.database.db.execute(
      sql`UPDATE tickets SET phi_scanned = false, masked_summary = NULL WHERE number = ${Number(number.slice(4))}`,
    );
    expect((await numbersFound(vendor, 'scanner offline')).numbers).not.toContain(number);
    while ((await maskUnscannedTickets(t.ctx.database.db, 500)) > 0);
    expect((await numbersFound(vendor, 'scanner offline')).numbers).toContain(number);
    expect((await numbersFound(vendor, '00551234')).numbers).toEqual([]);
  });
});

describe('search in Chinese and Japanese', () => {
  it('finds a Japanese word inside unspaced text', async () => {
    const number = await openEscalated('病棟の印刷機が動かない');
    expect((await numbersFound(agent, '印刷機')).numbers).toContain(number);
    expect((await numbersFound(vendor, '印刷機')).numbers).toContain(number);
    expect((await numbersFound(agent, '印刷機 動かない')).numbers).toContain(number);
    expect((await numbersFound(agent, '冷蔵庫')).numbers).not.toContain(number);
  });

  it('finds a Chinese word, but not for a vendor when the word is inside hidden PHI', async () => {
    const number = await openEscalated('Patient: Wei Zhang 病房打印机无法打印');
    expect((await numbersFound(agent, '打印机')).numbers).toContain(number);
    expect((await numbersFound(vendor, '打印机')).numbers).toContain(number);
    expect((await numbersFound(agent, 'Zhang 打印机')).numbers).toContain(number);
    expect((await numbersFound(vendor, 'Zhang 打印机')).numbers).toEqual([]);
  });
});

describe('paging through a ranked search', () => {
  it('ranks the most recent matches, then reaches every older match newest first, each exactly once', async () => {
    // Seven matches, oldest first; the older ones say the word more often (rank higher if they were ranked).
    const mentions = [4, 4, 4, 4, 1, 3, 2];
    const opened: string[] = [];
    for (const [i, n] of mentions.entries()) {
      const res = await agent.post('/api/v1/tickets', {
        requesterId: h.nurse.id,
        summary: `Quokka label run ${i}`,
        description: Array.from({ length: n }, () => 'quokka').join(' '),
        serviceId: h.ehr.id,
      });
      expect(res.statusCode, res.body).toBe(201);
      opened.push(res.json().id as string);
    }
    const { id: userId, username } = h.users.agent;
    const viewer = await loadViewer(t.ctx.database.db, {
      userId,
      username,
      displayName: 'Jordan Reyes',
      role: 'agent',
      via: 'session',
    });
    // Below the cap the count's own pass finds the window; at the cap (5 of 7 counted) it is found each of the two
    // ways (every match read, or tickets read newest first), and as chosen when neither is asked for.
    for (const [totalCap, atCap] of [
      [10_000, undefined],
      [5, 'every-match'],
      [5, 'newest-first'],
      [5, undefined],
    ] as const) {
      const pageAt = (offset: number, limit: number) =>
        listTickets(t.ctx.database.db, { q: 'quokka' }, viewer, { limit, offset, searchWindow: 3, totalCap, atCap });
      const seen: string[] = [];
      for (let offset = 0; offset < 8; offset += 2) {
        const { rows, total, capped } = await pageAt(offset, 2);
        expect(total).toBe(Math.min(7, totalCap));
        expect(capped).toBe(totalCap === 5);
        seen.push(...rows.map((r) => r.t.id));
      }
      const newestFirst = [...opened].reverse();
      // The three most recent, by rank (3, 2 and 1 mentions), then the four older ones newest first.
      expect(seen).toEqual([opened[5], opened[6], opened[4], ...newestFirst.slice(3)]);
      // A page across the window's end joins the two orders; a page past the end is empty.
      expect((await pageAt(2, 3)).rows.map((r) => r.t.id)).toEqual([opened[4], opened[3], opened[2]]);
      expect((await pageAt(7, 5)).rows).toEqual([]);
    }
  });
});

describe('how a search at its cap finds its window', () => {
  const WINDOW = 500;
  // Tickets per page and pages as in the demo's history at 100,000 tickets (~14 tickets a page).
  const table = { ticketsPerPage: 14, tablePages: 7_143 };
  const spanning = (share: number) => ({
    ...table,
    counted: 1_000,
    spannedPages: Math.round(table.tablePages * share),
  });

  it('reads every match of a word whose first 1,000 matches spread over much of the table, newest first otherwise', () => {
    // "printer" at 100,000 tickets: 2,459 matches, the first 1,000 within ~41 % of the pages: read every match.
    expect(readsEveryMatch(spanning(0.41), WINDOW)).toBe(true);
    // "order": 11,542 matches, the first 1,000 within ~9 %: read newest first (~4,300 tickets, not 11,542 matches).
    expect(readsEveryMatch(spanning(0.087), WINDOW)).toBe(false);
    // "label": 4,865 matches, within ~21 %: newest first too (~10,300 tickets, each far cheaper than a match).
    expect(readsEveryMatch(spanning(0.21), WINDOW)).toBe(false);
  });

  it('reads newest first when the table was never counted or the figures are missing', () => {
    expect(readsEveryMatch({ ...spanning(0.5), ticketsPerPage: null }, WINDOW)).toBe(false);
    expect(readsEveryMatch({ ...spanning(0.5), ticketsPerPage: -1 }, WINDOW)).toBe(false);
    expect(readsEveryMatch({ ...spanning(0.5), tablePages: 0 }, WINDOW)).toBe(false);
    expect(readsEveryMatch({ ...table, counted: 1_000, spannedPages: 0 }, WINDOW)).toBe(false);
  });

  it('never switches to reading newest first as the word gets rarer', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 7_143 }), fc.integer({ min: 1, max: 7_143 }), (a, b) => {
        const [common, rarer] = [Math.min(a, b), Math.max(a, b)];
        const at = (spannedPages: number) => readsEveryMatch({ ...table, counted: 1_000, spannedPages }, WINDOW);
        if (at(common)) expect(at(rarer)).toBe(true);
      }),
    );
  });
});

describe('the stretch of the table a scan read to find some pages', () => {
  it('is from the first page to the last when the scan went in order, and round the end when it started midway', () => {
    expect(pagesSpanned([0, 3, 9], 100)).toBe(10);
    expect(pagesSpanned([40, 41, 45], 100)).toBe(6);
    // A scan that joined another at page 95 and went round: pages 95–99, then 0–4.
    expect(pagesSpanned([96, 99, 0, 4], 100)).toBe(9);
    expect(pagesSpanned([7], 100)).toBe(1);
    expect(pagesSpanned([], 100)).toBe(0);
  });

  it('is found wherever the scan started and however it went round (any start, any stretch)', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 2, max: 5_000 })
          .chain((tablePages) =>
            fc.tuple(
              fc.constant(tablePages),
              fc.integer({ min: 0, max: tablePages - 1 }),
              fc.integer({ min: 1, max: tablePages }),
              fc.integer({ min: 0, max: 2 ** 31 - 1 }),
            ),
          ),
        ([tablePages, start, length, seed]) => {
          // Pages within the stretch [start, start + length) round the end, both its ends among them.
          const inStretch = [0, length - 1, ...Array.from({ length: 20 }, (_, i) => (seed * (i + 7)) % length)];
          const pages = inStretch.map((offset) => (start + offset) % tablePages);
          const spanned = pagesSpanned(pages, tablePages);
          expect(spanned).toBeLessThanOrEqual(length);
          expect(spanned).toBeGreaterThanOrEqual(1);
          // Never longer than the stretch that was read, and exactly it when nothing in between is a wider gap.
          if (length <= tablePages / 2) expect(spanned).toBe(length);
        },
      ),
    );
  });
});
