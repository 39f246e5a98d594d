// What the satisfaction survey sends, checked first by the server's own schema (answerBody): a score from 1 to 5,
// then the optional answers, which are left out when not given. An over-long comment is refused under it (never cut).
// Pure, tested without a browser.
import { type AnswerInput, answerBody } from '../../../../src/features/surveys/schemas.ts';
import { type FormErrors, schemaErrors, type Wording } from '../../forms/schemaErrors.ts';

/** The answers as the form holds them: '' while a question is unanswered. */
export type SurveyValues = {
  score: string;
  solved: NonNullable<AnswerInput['solved']> | '';
  patientCareAffected: 'yes' | 'no' | '';
  comment: string;
};

export const NO_SURVEY_ANSWERS: SurveyValues = { score: '', solved: '', patientCareAffected: '', comment: '' };

/** The body as the form builds it; without a score it is not an answer yet (the schema says so). */
export function surveyAnswer(values: SurveyValues): AnswerInput {
  return {
    score: (values.score ? Number(values.score) : undefined) as number,
    solved: values.solved || undefined,
    patientCareAffected: values.patientCareAffected ? values.patientCareAffected === 'yes' : undefined,
    comment: values.comment.trim() || undefined,
  };
}

export const SURVEY_WORDING: Wording = {
  labels: { score: 'Score' },
  required: { score: 'Choose a score from 1 (very dissatisfied) to 5 (very satisfied)' },
};

export function surveyProblems(values: SurveyValues): FormErrors {
  return schemaErrors(answerBody, surveyAnswer(values), SURVEY_WORDING);
}
