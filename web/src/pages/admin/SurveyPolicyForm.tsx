// Adding or editing a survey policy: checked by the server's own schema before it is sent (surveyForms.ts), with the
// server's field messages under the fields too.
import { Button, Group, NumberInput, Stack, Switch, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { createSurveyPolicy, type SurveyPolicyView, surveyKeys, updateSurveyPolicy } from '../../api/surveys.ts';
import { ActionError } from '../../components/QueryStates.tsx';
import { serverErrors } from '../../forms/schemaErrors.ts';
import {
  NEW_POLICY,
  POLICY_SERVER_WORDING,
  type PolicyValues,
  policyProblems,
  policyRequest,
  policyValues,
} from './surveyForms.ts';

/** What the form edits: the policy without its id and timestamps (the server refuses unknown fields). */
function valuesOf({ id: _id, createdAt: _c, updatedAt: _u, ...input }: SurveyPolicyView): PolicyValues {
  return policyValues(input);
}

export function PolicyForm({ policy, onDone }: { policy?: SurveyPolicyView; onDone: () => void }) {
  const queryClient = useQueryClient();
  const form = useForm<PolicyValues>({
    initialValues: policy ? valuesOf(policy) : NEW_POLICY,
    validate: policyProblems,
  });
  const save = useMutation({
    mutationFn: (values: PolicyValues) => {
      const body = policyRequest(values);
      return policy ? updateSurveyPolicy(policy.id, body) : createSurveyPolicy(body);
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: surveyKeys.policies });
      onDone();
    },
    onError: (error) => form.setErrors(serverErrors(error, POLICY_SERVER_WORDING)),
  });
  // A refusal about particular fields shows under them; any other shows once, below the form.
  const otherProblem = Object.keys(serverErrors(save.error, POLICY_SERVER_WORDING)).length === 0 ? save.error : null;
  return (
    <form
      onSubmit={form.onSubmit((values) => save.mutate(values))}
      noValidate
      aria-label={policy ? `Edit ${policy.name}` : 'New survey policy'}
    >
      <Stack gap="sm">
        <TextInput label="Name" required {...form.getInputProps('name')} />
        <Group grow align="flex-start">
          <NumberInput label="Position (lowest tried first)" min={0} {...form.getInputProps('position')} />
          <NumberInput label="Share asked (%)" min={0} max={100} {...form.getInputProps('sharePercent')} />
        </Group>
        <Group grow align="flex-start">
          <NumberInput
            label="Ask nobody more than once in (days)"
            min={0}
            {...form.getInputProps('repeatIntervalDays')}
          />
          <NumberInput label="Delay after resolution (minutes)" min={0} {...form.getInputProps('delayMinutes')} />
          <NumberInput label="Can be answered for (days)" min={1} {...form.getInputProps('expiresAfterDays')} />
        </Group>
        <Switch label="Active" {...form.getInputProps('active', { type: 'checkbox' })} />
        <Group>
          <Button type="submit" loading={save.isPending}>
            Save policy
          </Button>
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
        </Group>
        <ActionError error={otherProblem} title="The policy was not saved" />
      </Stack>
    </form>
  );
}
