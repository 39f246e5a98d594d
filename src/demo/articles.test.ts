// The demo knowledge base as Markdown files: every file reads into an article that the seed can place in the
// catalogue, and a file the reader does not understand stops the seed with the file's name instead of seeding less.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLINICAL_ROLES, UNIT_KINDS } from '../domain/vocabulary.ts';
import { parseArticle, readArticles, SHELVES } from './articles.ts';
import { GROUPS, SERVICES } from './catalogue.ts';

const FILE = `---
title: "BCMA: \\"medication not on the MAR\\" when scanning a dose"
type: troubleshooting
service: ehr
module: ehr.bcma
roles: [rn, tech]
units: []
audience: portal
owner: inpatient
tags: [bcma, scan, not on mar]
---

What the message means.

## Steps

1. Check the order.
`;

describe('the demo articles', () => {
  it('are 148 files on four shelves, each a distinct title on a service of the catalogue with its owning group', () => {
    const articles = readArticles();
    expect(articles).toHaveLength(148);
    expect(new Set(articles.map((a) => a.title)).size).toBe(148);
    const services = new Map(SERVICES.map((s) => [s.key, s]));
    const groups = new Set(GROUPS.map((g) => g.key));
    for (const a of articles) {
      expect(services.has(a.service), `${a.title}: service ${a.service}`).toBe(true);
      if (a.module) expect(services.get(a.module)?.kind, `${a.title}: module ${a.module}`).toBe('module');
      expect(groups.has(a.owner), `${a.title}: owner ${a.owner}`).toBe(true);
      for (const role of a.roles ?? []) expect(CLINICAL_ROLES).toContain(role);
      for (const kind of a.units ?? []) expect(UNIT_KINDS).toContain(kind);
      expect(a.tags.length).toBeGreaterThan(0);
      expect(a.body).toMatch(/^\S[\s\S]*\S$/);
    }
    expect(SHELVES).toEqual(['core', 'modules', 'devices', 'quick']);
  });

  it('read the front matter: a quoted title with a colon and quotes, lists (empty too), and the body after it', () => {
    expect(parseArticle(FILE, 'x.md')).toEqual({
      title: 'BCMA: "medication not on the MAR" when scanning a dose',
      type: 'troubleshooting',
      service: 'ehr',
      module: 'ehr.bcma',
      roles: ['rn', 'tech'],
      units: [],
      audience: 'portal',
      owner: 'inpatient',
      tags: ['bcma', 'scan', 'not on mar'],
      body: 'What the message means.\n\n## Steps\n\n1. Check the order.',
    });
    // Optional fields stay absent rather than empty.
    const plain = parseArticle(FILE.replace(/^(module|roles|units): .*\n/gm, ''), 'x.md');
    expect(Object.keys(plain)).not.toContain('module');
    expect(Object.keys(plain)).not.toContain('roles');
    expect(parseArticle(FILE.replace(/\n/g, '\r\n'), 'x.md').body).toBe(parseArticle(FILE, 'x.md').body);
  });

  it('refuse a file they do not understand, naming it', () => {
    const bad: [string, RegExp][] = [
      ['# no front matter', /core\/01-x\.md: no front matter/],
      [FILE.replace('owner: inpatient\n', ''), /owner is missing/],
      [FILE.replace('owner: inpatient', 'owner: inpatient\nowner: orders'), /owner twice/],
      [FILE.replace('owner: inpatient', 'author: someone'), /unknown field author/],
      [FILE.replace('type: troubleshooting', 'type: faq'), /type faq is not one of/],
      [FILE.replace('audience: portal', 'audience: everyone'), /audience everyone is unknown/],
      [FILE.replace('tags: [bcma, scan, not on mar]', 'tags: bcma, scan'), /tags is not a \[list\]/],
      [FILE.replace('title: "BCMA', 'title: "BCMA\\x'), /title is not a well-formed/],
      [FILE.replace('roles: [rn, tech]', 'roles'), /"roles" is not "key: value"/],
      [FILE.slice(0, FILE.indexOf('What')), /the body is empty/],
    ];
    for (const [text, message] of bad) expect(() => parseArticle(text, 'core/01-x.md')).toThrow(message);
  });

  it('are read shelf by shelf in file-name order, Markdown files only', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clinidesk-articles-'));
    try {
      for (const shelf of SHELVES) fs.mkdirSync(path.join(dir, shelf));
      const write = (file: string, title: string) =>
        fs.writeFileSync(path.join(dir, file), FILE.replace(/^title: .*$/m, `title: ${title}`));
      write('quick/01-a.md', 'Quick one');
      write('core/02-b.md', 'Core two');
      write('core/01-c.md', 'Core one');
      write('devices/01-d.md', 'Device one');
      fs.writeFileSync(path.join(dir, 'core', 'README.txt'), 'not an article');
      expect(readArticles(dir).map((a) => a.title)).toEqual(['Core one', 'Core two', 'Device one', 'Quick one']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
