// What the satisfaction survey sends, and what it refuses before sending.
import { describe, expect, it } from 'vitest';
import { answerBody, SURVEY_COMMENT_MAX } from '../../../../src/features/surveys/schemas.ts';
import { NO_SURVEY_ANSWERS, surveyAnswer, surveyProblems } from './surveyAnswerForm.ts';

describe('the satisfaction survey', () => {
  it('asks for a score before sending', () => {
    expect(surveyProblems(NO_SURVEY_ANSWERS)).toEqual({
      score: 'Choose a score from 1 (very dissatisfied) to 5 (very satisfied)',
    });
  });

  it('sends the score alone when nothing else is answered, which the server accepts', () => {
    const body = surveyAnswer({ ...NO_SURVEY_ANSWERS, score: '4', comment: '   ' });
    expect(body).toEqual({ score: 4, solved: undefined, patientCareAffected: undefined, comment: undefined });
    expect(answerBody.safeParse(body).success).toBe(true);
  });

  it('sends every answer given, the comment trimmed', () => {
    const values = {
      score: '2',
      solved: 'not_solved',
      patientCareAffected: 'no',
      comment: ' Still logs out ',
    } as const;
    expect(surveyAnswer(values)).toEqual({
      score: 2,
      solved: 'not_solved',
      patientCareAffected: false,
      comment: 'Still logs out',
    });
    expect(surveyProblems(values)).toEqual({});
  });

  it('refuses an over-long comment in the server’s words, saying how much to remove', () => {
    expect(surveyProblems({ ...NO_SURVEY_ANSWERS, score: '5', comment: 'x'.repeat(SURVEY_COMMENT_MAX + 1) })).toEqual({
      comment: 'Comment is too long (at most 2,000 characters): please remove 1 character',
    });
  });
});
