// What the article editor sends, checked first by the server's own schemas (createArticleBody for a new article,
// updateArticleBody for a new version of a draft): each problem under the field it is about, in the server's words.
// Pure, tested without a browser.
import {
  type ArticleDetail,
  type CreateArticle,
  createArticleBody,
  type UpdateArticle,
  updateArticleBody,
} from '../../../../src/features/knowledge/schemas.ts';
import type { ServiceChoice } from '../../components/ServicePicker.tsx';
import { type FormErrors, schemaErrors, serverErrors, type Wording } from '../../forms/schemaErrors.ts';

export type ArticleValues = {
  title: string;
  body: string;
  type: CreateArticle['type'];
  service: ServiceChoice;
  /** Clinical roles and kinds of unit as chosen from the lists (the schema checks them against its own). */
  roles: string[];
  audience: 'agents' | 'portal';
  tags: string[];
  /** A date such as 2027-03-31, or '' for none. */
  reviewDue: string;
  /** What this version changes; sent only when said. */
  note: string;
  unitKinds: string[];
  facilityIds: string[];
  ownerGroupId: string | null;
};

/** A new article starts from the headings the desk's articles share. */
export const NEW_ARTICLE: ArticleValues = {
  title: '',
  body: '## Symptoms\n\n- \n\n## Steps\n\n1. \n\n## When to escalate\n\n',
  type: 'how_to',
  service: { serviceId: null, moduleId: null },
  roles: [],
  audience: 'agents',
  tags: [],
  reviewDue: '',
  note: '',
  unitKinds: [],
  facilityIds: [],
  ownerGroupId: null,
};

/** A saved article as the editor opens it (the note is for the next version, so it starts empty). */
export function articleValues(a: ArticleDetail): ArticleValues {
  return {
    title: a.title,
    body: a.body,
    type: a.type,
    service: { serviceId: a.service?.id ?? null, moduleId: a.module?.id ?? null },
    roles: a.roles,
    audience: a.audience,
    tags: a.tags,
    reviewDue: a.reviewDue ?? '',
    note: '',
    unitKinds: a.unitKinds,
    facilityIds: a.facilityIds,
    ownerGroupId: a.ownerGroup?.id ?? null,
  };
}

/** The draft being edited: the version read (a stale one is refused by the server); null for a new article. */
type Editing = { version: number } | null;

export function articleRequest(values: ArticleValues): CreateArticle;
export function articleRequest(values: ArticleValues, editing: { version: number }): UpdateArticle;
export function articleRequest(values: ArticleValues, editing?: Editing): CreateArticle | UpdateArticle;
export function articleRequest(values: ArticleValues, editing?: Editing): CreateArticle | UpdateArticle {
  const fields: CreateArticle = {
    title: values.title.trim(),
    body: values.body,
    type: values.type,
    serviceId: values.service.serviceId,
    moduleId: values.service.moduleId,
    roles: values.roles as CreateArticle['roles'],
    audience: values.audience,
    tags: values.tags,
    reviewDue: values.reviewDue || null,
    unitKinds: values.unitKinds as CreateArticle['unitKinds'],
    facilityIds: values.facilityIds,
    ownerGroupId: values.ownerGroupId,
    ...(values.note.trim() ? { note: values.note.trim() } : {}),
  };
  return editing ? { ...fields, version: editing.version } : fields;
}

export const ARTICLE_WORDING: Wording = {
  fields: { serviceId: 'service', moduleId: 'service' },
  labels: { body: 'Body', reviewDue: 'Review by', note: 'What changed', ownerGroupId: 'Owner group' },
  required: { title: 'Give the article a title', body: 'Write the article' },
};

/** A problem with one entry of a list (a tag) is shown under the list's field. */
function underListFields(errors: FormErrors): FormErrors {
  const out: FormErrors = {};
  for (const [field, message] of Object.entries(errors)) out[field.replace(/\.\d+$/, '')] ??= message;
  return out;
}

export function articleProblems(values: ArticleValues, editing: Editing = null): FormErrors {
  const schema = editing ? updateArticleBody : createArticleBody;
  return underListFields(schemaErrors(schema, articleRequest(values, editing), ARTICLE_WORDING));
}

/** The server's field messages for a refused article, under the editor's fields. */
export function articleServerErrors(error: unknown): FormErrors {
  return underListFields(serverErrors(error, ARTICLE_WORDING));
}
