// Adding one thing from an admin screen (a facility, a unit, a service, an SLA policy or calendar): the values are
// checked by the server's own schema before they are sent, the server's field messages show under the fields, and
// after it is added the fields that name it are emptied for the next one while the choices made stay.
import { useForm } from '@mantine/form';
import { type QueryKey, useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { serverErrors, type Wording, zodResolver } from '../../forms/schemaErrors.ts';

type Options<Values, Body, Added> = {
  initialValues: Values;
  /** The schema the server checks the body with (src/features/<noun>/schemas.ts). */
  schema: z.ZodType;
  toBody: (values: Values) => Body;
  create: (body: Body) => Promise<Added>;
  /** What to refetch once it is added. */
  refresh: QueryKey;
  /** The fields emptied after an add (its name, its code); the others keep what was chosen. */
  clearAfterAdd: (keyof Values & string)[];
  wording?: Wording;
};

export function useAddForm<Values extends Record<string, unknown>, Body, Added = unknown>(
  options: Options<Values, Body, Added>,
) {
  const { initialValues, schema, toBody, create, refresh, clearAfterAdd, wording } = options;
  const queryClient = useQueryClient();
  const form = useForm<Values>({ initialValues, validate: zodResolver(schema, toBody, wording) });
  const mutation = useMutation({
    mutationFn: create,
    onSuccess: () => {
      form.setValues(Object.fromEntries(clearAfterAdd.map((key) => [key, initialValues[key]])) as Partial<Values>);
      void queryClient.invalidateQueries({ queryKey: refresh });
    },
    onError: (error) => form.setErrors(serverErrors(error, wording)),
  });
  const submit = form.onSubmit((values) => mutation.mutate(toBody(values)));
  // A refusal about particular fields shows under them; any other shows once, below the form.
  const otherProblem = Object.keys(serverErrors(mutation.error, wording)).length === 0 ? mutation.error : null;
  // What the server answered for the last add (an issued token's secret, shown once) until `forgetAdded`.
  return { form, submit, adding: mutation.isPending, otherProblem, added: mutation.data, forgetAdded: mutation.reset };
}
