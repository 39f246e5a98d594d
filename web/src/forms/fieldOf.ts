// One field of a Mantine form as a component's value/onChange/error, typed by the form's values (getInputProps is
// untyped): for the components that take a value rather than an input event, such as the clinical questions.
import type { UseFormReturnType } from '@mantine/form';

export function fieldOf<Values extends Record<string, unknown>, Key extends keyof Values & string>(
  form: UseFormReturnType<Values>,
  key: Key,
) {
  return {
    value: form.values[key],
    onChange: (value: Values[Key]) => form.setFieldValue(key, value as never),
    error: form.errors[key],
  };
}
