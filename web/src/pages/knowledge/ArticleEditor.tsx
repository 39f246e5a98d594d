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
import { useForm } from '@mantine/form';
import { useDebouncedValue } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  type ArticleDetail,
  articleQuery,
  createArticle,
  facilitiesQuery,
  knowledgeKeys,
  ownerGroupsQuery,
  previewMarkdown,
  updateArticle,
} from '../../api/knowledge.ts';
import { ActionError, LoadError, Loading } from '../../components/QueryStates.tsx';
import { ServicePicker } from '../../components/ServicePicker.tsx';
import {
  type ArticleValues,
  articleProblems,
  articleRequest,
  articleServerErrors,
  articleValues,
  NEW_ARTICLE,
} from './articleForm.ts';
import { ROLE_CHOICES, TYPE_CHOICES, UNIT_KIND_CHOICES } from './words.ts';

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
  const form = useForm<ArticleValues>({
    initialValues: article ? articleValues(article) : NEW_ARTICLE,
    validate: (values) => articleProblems(values, article),
  });
  const values = form.values;
  const [body] = useDebouncedValue(values.body, 300);
  const preview = useQuery({
    queryKey: ['knowledge', 'preview', body],
    queryFn: () => previewMarkdown(body || ' '),
    staleTime: Number.POSITIVE_INFINITY,
  });
  const groups = useQuery(ownerGroupsQuery);
  const facilities = useQuery(facilitiesQuery);
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (values: ArticleValues) =>
      article ? updateArticle(article.number, articleRequest(values, article)) : createArticle(articleRequest(values)),
    onSuccess: (saved) => {
      queryClient.setQueryData(knowledgeKeys.article(saved.number), saved);
      void queryClient.invalidateQueries({ queryKey: knowledgeKeys.all });
      onDone(saved.number);
    },
    onError: (error) => form.setErrors(articleServerErrors(error)),
  });
  const submit = form.onSubmit((values) => save.mutate(values));
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Title order={2}>{article ? `Edit ${article.number}` : 'New article'}</Title>
        <TextInput
          label="Title"
          description="The question as a clinician would ask it"
          {...form.getInputProps('title')}
          required
          maxLength={200}
        />
        <Group grow align="flex-start">
          <Select
            label="Type"
            data={TYPE_CHOICES}
            value={values.type}
            onChange={(v) => form.setFieldValue('type', (v ?? 'how_to') as ArticleValues['type'])}
            allowDeselect={false}
          />
          <div>
            <Text size="sm" fw={500} mb={4}>
              Audience
            </Text>
            <SegmentedControl
              aria-label="Audience"
              value={values.audience}
              onChange={(v) => form.setFieldValue('audience', v as ArticleValues['audience'])}
              data={[
                { value: 'agents', label: 'Agents only' },
                { value: 'portal', label: 'Also the portal' },
              ]}
            />
          </div>
        </Group>
        <ServicePicker {...values.service} onChange={(service) => form.setFieldValue('service', service)} />
        <Group grow align="flex-start">
          <MultiSelect
            label="For roles"
            placeholder="Everyone"
            data={ROLE_CHOICES}
            value={values.roles}
            onChange={(roles) => form.setFieldValue('roles', roles)}
            clearable
          />
          <TagsInput label="Tags" description="Words people use for it" {...form.getInputProps('tags')} maxTags={20} />
          <TextInput label="Review by" type="date" {...form.getInputProps('reviewDue')} />
        </Group>
        <Group grow align="flex-start">
          <Select
            label="Owner group"
            description="Reviews this article"
            data={(groups.data?.items ?? []).map((g) => ({ value: g.id, label: g.name }))}
            {...form.getInputProps('ownerGroupId')}
            searchable
            clearable
          />
          <MultiSelect
            label="Kinds of unit"
            placeholder="Any unit"
            data={UNIT_KIND_CHOICES}
            value={values.unitKinds}
            onChange={(unitKinds) => form.setFieldValue('unitKinds', unitKinds)}
            clearable
          />
          <MultiSelect
            label="Facilities"
            placeholder="Every facility"
            data={(facilities.data?.items ?? []).map((f) => ({ value: f.id, label: f.name }))}
            {...form.getInputProps('facilityIds')}
            clearable
          />
        </Group>
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <Textarea
            label="Body (Markdown)"
            description="Put the steps under a “## Steps” heading: they are what gets sent to the clinician."
            {...form.getInputProps('body')}
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
          {...form.getInputProps('note')}
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
