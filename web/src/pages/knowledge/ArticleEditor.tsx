// Writing an article: the fields that decide who finds it, and the Markdown body with a live, sanitised preview.
import {
  Button,
  Group,
  MultiSelect,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import {
  type ArticleDetail,
  articleQuery,
  type CreateArticle,
  createArticle,
  facilitiesQuery,
  knowledgeKeys,
  ownerGroupsQuery,
  previewMarkdown,
  updateArticle,
} from '../../api/knowledge.ts';
import { ActionError, fieldErrorsOf, LoadError, Loading } from '../../components/QueryStates.tsx';
import { type ServiceChoice, ServicePicker } from '../../components/ServicePicker.tsx';
import { ROLE_CHOICES, TYPE_CHOICES, UNIT_KIND_CHOICES } from './words.ts';

type Form = {
  title: string;
  body: string;
  type: string;
  service: ServiceChoice;
  roles: string[];
  audience: 'agents' | 'portal';
  tags: string[];
  reviewDue: string;
  note: string;
  unitKinds: string[];
  facilityIds: string[];
  ownerGroupId: string | null;
};

const BLANK: Form = {
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

const fromArticle = (a: ArticleDetail): Form => ({
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
});

export function ArticleEditor({ number, onDone }: { number: string | null; onDone: (number: string) => void }) {
  const existing = useQuery({ ...articleQuery(number ?? 'new', false), enabled: number !== null });
  if (number && existing.isPending) return <Loading label="Opening the draft" />;
  if (number && existing.isError) return <LoadError what="the draft" error={existing.error} />;
  return (
    <EditorForm
      key={existing.data?.version ?? 'new'}
      article={number ? (existing.data ?? null) : null}
      onDone={onDone}
    />
  );
}

function EditorForm({ article, onDone }: { article: ArticleDetail | null; onDone: (number: string) => void }) {
  const [form, setForm] = useState<Form>(article ? fromArticle(article) : BLANK);
  const set = (patch: Partial<Form>) => setForm((f) => ({ ...f, ...patch }));
  const [body] = useDebouncedValue(form.body, 300);
  const preview = useQuery({
    queryKey: ['knowledge', 'preview', body],
    queryFn: () => previewMarkdown(body || ' '),
    staleTime: Number.POSITIVE_INFINITY,
  });
  const groups = useQuery(ownerGroupsQuery);
  const facilities = useQuery(facilitiesQuery);
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: () => {
      const fields = {
        title: form.title,
        body: form.body,
        type: form.type as ArticleDetail['type'],
        serviceId: form.service.serviceId,
        moduleId: form.service.moduleId,
        roles: form.roles as CreateArticle['roles'],
        audience: form.audience,
        tags: form.tags,
        reviewDue: form.reviewDue || null,
        unitKinds: form.unitKinds as CreateArticle['unitKinds'],
        facilityIds: form.facilityIds,
        ownerGroupId: form.ownerGroupId,
        ...(form.note.trim() ? { note: form.note.trim() } : {}),
      };
      return article ? updateArticle(article.number, { ...fields, version: article.version }) : createArticle(fields);
    },
    onSuccess: (saved) => {
      queryClient.setQueryData(knowledgeKeys.article(saved.number), saved);
      void queryClient.invalidateQueries({ queryKey: knowledgeKeys.all });
      onDone(saved.number);
    },
  });
  const errors = fieldErrorsOf(save.error);
  function submit(e: FormEvent) {
    e.preventDefault();
    save.mutate();
  }
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Title order={2}>{article ? `Edit ${article.number}` : 'New article'}</Title>
        <TextInput
          label="Title"
          description="The question as a clinician would ask it"
          value={form.title}
          onChange={(e) => set({ title: e.currentTarget.value })}
          error={errors.title}
          required
          maxLength={200}
        />
        <Group grow align="flex-start">
          <Select
            label="Type"
            data={TYPE_CHOICES}
            value={form.type}
            onChange={(v) => set({ type: v ?? 'how_to' })}
            allowDeselect={false}
          />
          <div>
            <Text size="sm" fw={500} mb={4}>
              Audience
            </Text>
            <SegmentedControl
              aria-label="Audience"
              value={form.audience}
              onChange={(v) => set({ audience: v as Form['audience'] })}
              data={[
                { value: 'agents', label: 'Agents only' },
                { value: 'portal', label: 'Also the portal' },
              ]}
            />
          </div>
        </Group>
        <ServicePicker {...form.service} onChange={(service) => set({ service })} />
        <Group grow align="flex-start">
          <MultiSelect
            label="For roles"
            placeholder="Everyone"
            data={ROLE_CHOICES}
            value={form.roles}
            onChange={(roles) => set({ roles })}
            clearable
          />
          <TagsInput
            label="Tags"
            description="Words people use for it"
            value={form.tags}
            onChange={(tags) => set({ tags })}
            maxTags={20}
          />
          <TextInput
            label="Review by"
            type="date"
            value={form.reviewDue}
            onChange={(e) => set({ reviewDue: e.currentTarget.value })}
            error={errors.reviewDue}
          />
        </Group>
        <Group grow align="flex-start">
          <Select
            label="Owner group"
            description="Reviews this article"
            data={(groups.data?.items ?? []).map((g) => ({ value: g.id, label: g.name }))}
            value={form.ownerGroupId}
            onChange={(ownerGroupId) => set({ ownerGroupId })}
            searchable
            clearable
          />
          <MultiSelect
            label="Kinds of unit"
            placeholder="Any unit"
            data={UNIT_KIND_CHOICES}
            value={form.unitKinds}
            onChange={(unitKinds) => set({ unitKinds })}
            clearable
          />
          <MultiSelect
            label="Facilities"
            placeholder="Every facility"
            data={(facilities.data?.items ?? []).map((f) => ({ value: f.id, label: f.name }))}
            value={form.facilityIds}
            onChange={(facilityIds) => set({ facilityIds })}
            clearable
          />
        </Group>
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <Textarea
            label="Body (Markdown)"
            description="Put the steps under a “## Steps” heading: they are what gets sent to the clinician."
            value={form.body}
            onChange={(e) => set({ body: e.currentTarget.value })}
            error={errors.body}
            autosize
            minRows={14}
            maxRows={30}
            styles={{ input: { fontFamily: 'monospace' } }}
          />
          <div>
            <Text size="sm" fw={500} mb={4}>
              Preview
            </Text>
            <Paper withBorder p="md" radius="sm" mih={300} aria-label="Preview">
              {/* biome-ignore lint/security/noDangerouslySetInnerHtml: rendered and sanitised on the server (POST /knowledge/preview) */}
              <div className="kb-article" dangerouslySetInnerHTML={{ __html: preview.data?.html ?? '' }} />
            </Paper>
          </div>
        </SimpleGrid>
        <TextInput
          label="What changed"
          description="A note for this version"
          value={form.note}
          onChange={(e) => set({ note: e.currentTarget.value })}
          maxLength={500}
        />
        <ActionError error={save.error} title="The article was not saved" />
        <Group justify="flex-end">
          <Button type="submit" loading={save.isPending}>
            {article ? 'Save new version' : 'Save draft'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
