// A form over something saved with a version (a go-live, a zone): it remembers the version its values came from and
// sends that one, so a save based on an older version is refused (409) rather than overwriting someone else's.
// A newer version arriving (a live update, a save) replaces the values only while the person has changed nothing;
// after a 409 the page loads the newest version into the form (`load`).
import type { UseFormReturnType } from '@mantine/form';
import { useEffect, useState } from 'react';

export function useVersioned<Values extends Record<string, unknown>, Saved extends { version: number }>(
  form: UseFormReturnType<Values>,
  current: Saved | undefined,
  valuesOf: (saved: Saved) => Values,
) {
  const [base, setBase] = useState(current?.version);
  const load = (saved: Saved) => {
    const values = valuesOf(saved);
    form.setValues(values);
    form.resetDirty(values);
    setBase(saved.version);
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new version of what is edited matters here
  useEffect(() => {
    if (current && current.version !== base && !form.isDirty()) load(current);
  }, [current?.version]);
  return { base, load };
}
