// The satisfaction survey itself, the same in the portal and behind a link: one tap for 1–5, then two optional
// questions and a comment. Large targets, phone-sized first. What it sends and refuses is in surveyAnswerForm.ts,
// checked by the server's own schema.
import { Button, Chip, Group, Radio, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useId } from 'react';
import { type AnswerInput, SURVEY_COMMENT_MAX } from '../../../../src/features/surveys/schemas.ts';
import { CharacterCount } from '../../components/CharacterCount.tsx';
import { PhiHint } from '../../components/PhiHint.tsx';
import { ActionError } from '../../components/QueryStates.tsx';
import { PHI_LABELS } from '../../components/ticketWords.ts';
import { serverErrors } from '../../forms/schemaErrors.ts';
import {
  NO_SURVEY_ANSWERS,
  SURVEY_WORDING,
  type SurveyValues,
  surveyAnswer,
  surveyProblems,
} from './surveyAnswerForm.ts';

const SCORES = [
  [1, 'Very dissatisfied'],
  [2, 'Dissatisfied'],
  [3, 'Neutral'],
  [4, 'Satisfied'],
  [5, 'Very satisfied'],
] as const;

type Props = {
  question: string;
  kind: 'ticket' | 'pulse';
  onSubmit: (answer: AnswerInput) => void;
  pending: boolean;
  error: unknown;
};

export function SurveyForm({ question, kind, onSubmit, pending, error }: Props) {
  // Over the limit is refused under the field as people type (never cut); the server's own message shows there too.
  const form = useForm<SurveyValues>({
    initialValues: NO_SURVEY_ANSWERS,
    validate: surveyProblems,
    validateInputOnChange: ['comment'],
  });
  const ids = useId();
  const { score, comment } = form.values;
  const tooLong = form.errors.comment;
  const submit = form.onSubmit((values) => onSubmit(surveyAnswer(values)));

  return (
    <form onSubmit={submit} aria-label="Satisfaction survey" noValidate>
      <Stack gap="md">
        <div role="radiogroup" aria-labelledby={`${ids}-score`}>
          <Text id={`${ids}-score`} fw={600} mb={6}>
            {question}
          </Text>
          <Chip.Group value={score} onChange={(v) => form.setFieldValue('score', v as string)}>
            <Group gap="xs">
              {SCORES.map(([n, words]) => (
                <Chip key={n} value={String(n)} size="lg" aria-label={`${n} — ${words}`} data-testid={`score-${n}`}>
                  {n}
                </Chip>
              ))}
            </Group>
          </Chip.Group>
          <Text size="xs" c="dimmed" mt={4}>
            1 = very dissatisfied, 5 = very satisfied
          </Text>
        </div>
        {kind === 'ticket' && (
          <Radio.Group label="Was it solved on your first contact with us?" {...form.getInputProps('solved')}>
            <Stack gap={6} mt={6}>
              <Radio value="first_contact" label="Yes, the first time I asked" />
              <Radio value="later" label="Yes, but it took more than one contact" />
              <Radio value="not_solved" label="No, it is still not solved" />
            </Stack>
          </Radio.Group>
        )}
        <Radio.Group label="Did this affect patient care?" {...form.getInputProps('patientCareAffected')}>
          <Group gap="lg" mt={6}>
            <Radio value="yes" label="Yes" />
            <Radio value="no" label="No" />
          </Group>
        </Radio.Group>
        <div>
          <Textarea
            label="Anything else? (optional)"
            description="Please leave out patient names, record numbers and dates of birth."
            {...form.getInputProps('comment')}
            error={tooLong ?? serverErrors(error, SURVEY_WORDING).comment}
            autosize
            minRows={2}
            maxRows={10}
          />
          <CharacterCount value={comment} max={SURVEY_COMMENT_MAX} />
          <PhiHint text={comment} id={`${ids}-phi-hint`} />
        </div>
        <Button type="submit" size="md" disabled={!score || Boolean(tooLong)} loading={pending}>
          Send my answers
        </Button>
        <ActionError error={error} title="Your answers were not sent" />
      </Stack>
    </form>
  );
}

/** What the person sees once their answer is recorded (and whether the comment was flagged as patient information). */
export function ThankYou({
  followUpTicket,
  phiWarnings = [],
}: {
  followUpTicket: string | null;
  phiWarnings?: string[];
}) {
  return (
    <Stack gap={4} role="status">
      <Text fw={600}>Thank you — your answers were recorded.</Text>
      {phiWarnings.length > 0 && (
        <Text size="sm">
          Your comment looked like it held patient information (
          {phiWarnings.map((kind) => PHI_LABELS[kind] ?? kind.replaceAll('_', ' ')).join(', ')}), so it is flagged for
          the desk. Outside vendors never see survey comments.
        </Text>
      )}
      {followUpTicket && (
        <Text size="sm">
          We are sorry it did not go well. A service desk manager will contact you about it ({followUpTicket}).
        </Text>
      )}
    </Stack>
  );
}
