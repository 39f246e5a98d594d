import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ROLES } from '../../../platform/auth/roles.ts';
import { diffVersions, sideOf } from './diff.ts';
import { ACTIONS, actionsFor, editable, STEPS, transition } from './lifecycle.ts';
import { renderMarkdown, replyFromArticle, stepsOf } from './markdown.ts';
import { type ArticleFacts, contextFactor, rank, score, textScore } from './ranking.ts';
import { ARTICLE_STATUSES, formatArticleNumber, parseArticleNumber } from './vocabulary.ts';

const base = { actorId: 'u1', versionAuthorId: 'u2' } as const;

describe('article lifecycle', () => {
  it('takes an article from draft through review to published and retired', () => {
    expect(transition({ ...base, action: 'submit', status: 'draft', role: 'agent' })).toMatchObject({
      ok: true,
      to: 'in_review',
    });
    expect(transition({ ...base, action: 'approve', status: 'in_review', role: 'analyst' })).toEqual({
      ok: true,
      to: 'published',
      approves: true,
    });
    expect(transition({ ...base, action: 'retire', status: 'published', role: 'manager' })).toMatchObject({
      ok: true,
      to: 'retired',
    });
    // Revising keeps the article published (the revision is a draft copy of its own).
    expect(transition({ ...base, action: 'revise', status: 'published', role: 'agent' })).toMatchObject({
      ok: true,
      to: 'published',
    });
    expect(transition({ ...base, action: 'restore', status: 'retired', role: 'agent' })).toMatchObject({
      ok: true,
      to: 'draft',
    });
  });

  it('lets agents draft and submit but not approve or retire', () => {
    expect(transition({ ...base, action: 'approve', status: 'in_review', role: 'agent' })).toMatchObject({
      ok: false,
      status: 403,
    });
    expect(transition({ ...base, action: 'retire', status: 'published', role: 'agent' })).toMatchObject({
      ok: false,
      status: 403,
    });
    expect(actionsFor('in_review', 'agent')).toEqual([]);
    expect(actionsFor('in_review', 'analyst')).toEqual(['approve', 'reject']);
  });

  it('never lets requesters or vendors move an article', () => {
    for (const action of ACTIONS)
      for (const role of ['requester', 'vendor', 'integration'] as const)
        expect(transition({ ...base, action, status: STEPS[action].from, role })).toMatchObject({
          ok: false,
          status: 403,
        });
  });

  it('needs a second person to approve (admins excepted) and a note to send back', () => {
    const own = { actorId: 'u1', versionAuthorId: 'u1' };
    expect(transition({ ...own, action: 'approve', status: 'in_review', role: 'analyst' })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/Another reviewer/),
    });
    expect(transition({ ...own, action: 'approve', status: 'in_review', role: 'admin' }).ok).toBe(true);
    expect(transition({ ...base, action: 'reject', status: 'in_review', role: 'analyst', note: ' ' })).toMatchObject({
      ok: false,
      status: 400,
    });
  });

  it('property: a step succeeds only from its own state, and then lands on its target', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ACTIONS),
        fc.constantFrom(...ARTICLE_STATUSES),
        fc.constantFrom(...ROLES),
        (action, status, role) => {
          const r = transition({ ...base, action, status, role, note: 'fix step 3' });
          if (r.ok) {
            expect(status).toBe(STEPS[action].from);
            expect(r.to).toBe(STEPS[action].to);
          }
          if (status !== STEPS[action].from) expect(r.ok).toBe(false);
        },
      ),
    );
  });

  it('only drafts are editable', () => {
    expect(ARTICLE_STATUSES.filter(editable)).toEqual(['draft']);
  });

  it('formats and parses article numbers', () => {
    expect(formatArticleNumber(12)).toBe('KB-00012');
    expect(parseArticleNumber('kb-00012')).toBe(12);
    expect(parseArticleNumber('12')).toBe(12);
    expect(parseArticleNumber('KB-x')).toBeNull();
    fc.assert(fc.property(fc.integer({ min: 1, max: 1e9 }), (n) => parseArticleNumber(formatArticleNumber(n)) === n));
  });
});

describe('Markdown rendering is safe', () => {
  const attacks = [
    '<script>alert(1)</script>',
    '<img src=x onerror="alert(1)">',
    '[click](javascript:alert(1))',
    '[click](JaVaScRiPt:alert(1))',
    '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
    '<a href="javascript:alert(1)">x</a>',
    '<iframe src="https://evil.example"></iframe>',
    '<svg onload=alert(1)>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    '![x](javascript:alert(1))',
    '<details open ontoggle=alert(1)>',
    '[a](vbscript:msgbox(1))',
  ];
  it.each(attacks)('neutralises %s', (attack) => {
    const html = renderMarkdown(`Before\n\n${attack}\n\nAfter`);
    expect(html).not.toMatch(/<script|<iframe|<img|<svg|<details|<div/i);
    expect(html).not.toMatch(/<[^>]*\son\w+\s*=/i);
    expect(html).not.toMatch(/<a[^>]*href="\s*(javascript|data|vbscript):/i);
    expect(html).toContain('After');
  });

  it('keeps ordinary formatting and makes links safe', () => {
    const html = renderMarkdown(
      '## Steps\n\n1. Tap your **badge**\n2. Open [the guide](https://intranet.example/guide)\n\n`F5`',
    );
    expect(html).toContain('<h2>Steps</h2>');
    expect(html).toContain('<ol>');
    expect(html).toContain('<strong>badge</strong>');
    expect(html).toContain('href="https://intranet.example/guide"');
    expect(html).toContain('rel="noopener noreferrer nofollow"');
    expect(html).toContain('<code>F5</code>');
  });

  it('property: no generated input yields a script tag or an event handler', () => {
    const piece = fc.constantFrom(
      '<script>',
      '</script>',
      '<img src=x onerror=a()>',
      'javascript:',
      '[x](',
      ')',
      '<',
      '>',
      '"',
      ' on',
      'click=',
      '**',
      '\n',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(piece, fc.string()), { maxLength: 30 }), (parts) => {
        const html = renderMarkdown(parts.join(''));
        expect(html).not.toMatch(/<script|<img|<[^>]*\son\w+=/i);
      }),
    );
  });

  it('takes the steps section for a ticket reply, as plain text', () => {
    const body =
      '## Symptoms\nThe wristband prints blank.\n\n## Steps\n1. Open the **printer** lid\n2. Check the [ribbon](https://x.example/r)\n\n## Escalate\nCall field services.';
    expect(stepsOf(body)).toBe('1. Open the printer lid\n2. Check the ribbon (https://x.example/r)');
    expect(stepsOf('Just do *this*.')).toBe('Just do this.');
    const reply = replyFromArticle({ number: 'KB-00001', title: 'Blank wristbands', body });
    expect(reply.startsWith('Blank wristbands (KB-00001)\n\n1. Open')).toBe(true);
    expect(stepsOf('## Steps\n<script>alert(1)</script> go')).not.toContain('<script');
  });
});

describe('version diff', () => {
  it('shows added and removed lines', () => {
    const d = diffVersions({ title: 'Sign orders', body: 'a\nb\nc' }, { title: 'Sign orders', body: 'a\nB\nc\nd' });
    expect(d.changed).toBe(true);
    expect(d.title).toEqual([{ op: 'same', text: 'Sign orders\n' }]);
    expect(d.body.filter((p) => p.op === 'removed').map((p) => p.text)).toEqual(['b\n']);
    expect(d.body.filter((p) => p.op === 'added').map((p) => p.text)).toEqual(['B\n', 'd\n']);
  });

  it('property: a diff rebuilds both versions exactly', () => {
    const text = fc
      .array(fc.constantFrom('one', 'two', 'three', '', 'four'), { maxLength: 12 })
      .map((l) => `${l.join('\n')}\n`);
    fc.assert(
      fc.property(text, text, (a, b) => {
        const d = diffVersions({ title: 't', body: a }, { title: 't', body: b });
        expect(sideOf(d.body, 'before')).toBe(a);
        expect(sideOf(d.body, 'after')).toBe(b);
        expect(d.changed).toBe(a !== b);
      }),
    );
  });
});

describe('ranking', () => {
  const facts = (o: Partial<ArticleFacts> = {}): ArticleFacts => ({
    serviceId: null,
    moduleId: null,
    roles: [],
    unitKinds: [],
    uses: 0,
    helpful: 0,
    notHelpful: 0,
    ...o,
  });
  const strong = { fts: 0.4, allWords: true, fuzzy: 0.5 };
  const weak = { fts: 0.1, allWords: false, fuzzy: 0 };

  it('puts the better text match first when context is equal', () => {
    const r = rank(
      [
        { id: 'b', text: weak, facts: facts() },
        { id: 'a', text: strong, facts: facts() },
      ],
      {},
    );
    expect(r.map((x) => x.id)).toEqual(['a', 'b']);
  });

  it('lets the ticket context decide between similar matches', () => {
    const ctx = { serviceId: 'ehr', moduleId: 'bcma', role: 'rn', unitKind: 'icu' };
    const r = rank(
      [
        {
          id: 'a',
          text: { fts: 0.3, allWords: true, fuzzy: 0 },
          facts: facts({ serviceId: 'pacs', roles: ['attending'] }),
        },
        {
          id: 'b',
          text: { fts: 0.25, allWords: true, fuzzy: 0 },
          facts: facts({ serviceId: 'ehr', moduleId: 'bcma', roles: ['rn'], unitKinds: ['icu'] }),
        },
      ],
      ctx,
    );
    expect(r.map((x) => x.id)).toEqual(['b', 'a']);
  });

  it('tolerates typos through trigram similarity, but ignores weak similarity', () => {
    expect(textScore({ fts: 0, allWords: false, fuzzy: 0.6 })).toBeGreaterThan(0.2);
    expect(textScore({ fts: 0, allWords: false, fuzzy: 0.2 })).toBe(0);
  });

  it('property: context never turns an irrelevant article into a result, and always helps when it matches', () => {
    const signals = fc.record({
      fts: fc.double({ min: 0, max: 1, noNaN: true }),
      allWords: fc.boolean(),
      fuzzy: fc.double({ min: 0, max: 1, noNaN: true }),
    });
    fc.assert(
      fc.property(signals, fc.boolean(), (t, match) => {
        const a = facts({ serviceId: 's', moduleId: 'm', roles: ['rn'] });
        const c = match ? { serviceId: 's', moduleId: 'm', role: 'rn' } : {};
        if (textScore(t) === 0) expect(score(t, a, c)).toBe(0);
        else expect(score(t, a, { serviceId: 's', moduleId: 'm', role: 'rn' })).toBeGreaterThanOrEqual(score(t, a, {}));
        expect(contextFactor(a, c)).toBeGreaterThan(0);
      }),
    );
  });
});
