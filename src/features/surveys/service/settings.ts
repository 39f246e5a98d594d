// Survey settings (stored under "surveys" in settings): the group that takes service-recovery follow-ups.
import type { RequestMeta } from '../../../platform/actor.ts';
import { recordAudit } from '../../../platform/audit/service.ts';
import type { AppContext } from '../../../platform/context.ts';
import type { Queryable } from '../../../platform/db/connect.ts';
import { Invalid } from '../../../platform/errors.ts';
import { findGroup, findSetting, saveSetting } from '../../directory/service.ts';
import { type SurveySettings, surveySettingsBody } from '../schemas.ts';

const KEY = 'surveys';

export async function surveySettings(db: Queryable): Promise<SurveySettings> {
  const parsed = surveySettingsBody.safeParse((await findSetting(db, KEY))?.value);
  return parsed.success ? parsed.data : { recoveryGroupId: null };
}

export async function saveSurveySettings(ctx: AppContext, meta: RequestMeta, input: SurveySettings) {
  return ctx.database.db.transaction(async (tx) => {
    if (input.recoveryGroupId && !(await findGroup(tx, input.recoveryGroupId))) {
      throw new Invalid('No such group.', [{ field: 'body.recoveryGroupId', message: 'is not a known group' }]);
    }
    await saveSetting(tx, KEY, input);
    await recordAudit(tx, meta, { action: 'survey.settings', targetType: 'settings', targetId: KEY, summary: input });
    return input;
  });
}
