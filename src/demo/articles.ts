// The demo hospital's knowledge articles, one Markdown file each under articles/<shelf>/: the hand-written call
// drivers (core), one set per EHR module (modules), device classes (devices) and quick answers (quick). A file opens
// with its catalogue facts between `---` lines (a strict subset of YAML front matter: `key: value`, lists as
// `[a, b]`, a title in double quotes when it holds a colon or a quote); the Markdown body follows. Written for
// Clinidesk; St. Mary's, Larkspur and the screen names are fictional. The compiled server reads them from
// dist/demo/articles (scripts/build-server.mjs copies them there).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLINICAL_ROLES, type ClinicalRole, UNIT_KINDS, type UnitKind } from '../domain/vocabulary.ts';

export type KbDef = {
  title: string;
  type: 'how_to' | 'troubleshooting' | 'known_issue' | 'downtime';
  service: string; // catalogue key (application, device class or infrastructure)
  module?: string; // catalogue key of an EHR module
  roles?: ClinicalRole[];
  units?: UnitKind[];
  audience: 'portal' | 'agents';
  owner: string; // group key
  tags: string[];
  body: string;
};

/** The shelves in seeding order; within a shelf, files by name (numbered). The order sets publication dates. */
export const SHELVES = ['core', 'modules', 'devices', 'quick'] as const;
export const ARTICLES_DIR = fileURLToPath(new URL('./articles/', import.meta.url));

const TYPES: readonly KbDef['type'][] = ['how_to', 'troubleshooting', 'known_issue', 'downtime'];
const AUDIENCES: readonly KbDef['audience'][] = ['portal', 'agents'];
const LISTS = ['roles', 'units', 'tags'] as const;
const WORDS = ['title', 'type', 'service', 'module', 'audience', 'owner'] as const;

/** Every article, shelf by shelf. */
export function readArticles(dir = ARTICLES_DIR): KbDef[] {
  return SHELVES.flatMap((shelf) => {
    const folder = path.join(dir, shelf);
    return fs
      .readdirSync(folder)
      .filter((name) => name.endsWith('.md'))
      .sort()
      .map((name) => parseArticle(fs.readFileSync(path.join(folder, name), 'utf8'), `${shelf}/${name}`));
  });
}

/** One article file: its front matter and its body. Throws, naming the file, on anything it does not expect. */
export function parseArticle(text: string, file: string): KbDef {
  const fail = (why: string): never => {
    throw new Error(`demo article ${file}: ${why}`);
  };
  const source = text.replace(/\r\n/g, '\n'); // a checkout with Windows line ends reads the same
  const match = /^---\n([\s\S]*?)\n---\n/.exec(source);
  if (!match) return fail('no front matter between --- lines');
  const fields = new Map<string, string>();
  for (const line of match[1]!.split('\n')) {
    const at = line.indexOf(': ');
    if (at < 1) return fail(`"${line}" is not "key: value"`);
    const key = line.slice(0, at);
    if (fields.has(key)) fail(`${key} twice`);
    fields.set(key, line.slice(at + 2).trim());
  }
  const out: Record<string, unknown> = {};
  for (const [key, raw] of fields) {
    if ((LISTS as readonly string[]).includes(key)) out[key] = list(raw, key, fail);
    else if ((WORDS as readonly string[]).includes(key)) out[key] = raw.startsWith('"') ? quoted(raw, key, fail) : raw;
    else fail(`unknown field ${key}`);
  }
  for (const key of ['title', 'type', 'service', 'audience', 'owner', 'tags']) {
    if (!out[key]) fail(`${key} is missing`);
  }
  if (!TYPES.includes(out.type as KbDef['type'])) fail(`type ${String(out.type)} is not one of ${TYPES.join(', ')}`);
  if (!AUDIENCES.includes(out.audience as KbDef['audience'])) fail(`audience ${String(out.audience)} is unknown`);
  for (const role of (out.roles as string[] | undefined) ?? [])
    if (!(CLINICAL_ROLES as readonly string[]).includes(role)) fail(`role ${role} is not a clinical role`);
  for (const unit of (out.units as string[] | undefined) ?? [])
    if (!(UNIT_KINDS as readonly string[]).includes(unit)) fail(`unit kind ${unit} is unknown`);
  const body = source.slice(match[0].length).trim();
  if (!body) fail('the body is empty');
  return { ...out, body } as KbDef;
}

function list(raw: string, key: string, fail: (why: string) => never): string[] {
  if (!raw.startsWith('[') || !raw.endsWith(']')) fail(`${key} is not a [list]`);
  const inner = raw.slice(1, -1).trim();
  return inner ? inner.split(',').map((item) => item.trim()) : [];
}

function quoted(raw: string, key: string, fail: (why: string) => never): string {
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value === 'string') return value;
  } catch {
    // reported below
  }
  return fail(`${key} is not a well-formed "quoted string"`);
}
