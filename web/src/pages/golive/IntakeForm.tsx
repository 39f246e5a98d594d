// The at-the-elbow intake form, made for a phone held in one hand: the unit (remembered), the application and module,
// what kind of issue, patient care affected or not, a few words, then one of two big buttons: "Resolved on the spot"
// (support staff only) or "Send to the command center". The go-live's current known issues are shown first, so a
// known problem is not logged again and again. Desk staff reach it from the console (IntakePage), super-users on
// shift from the portal (PortalIntakePage), each with the units they may log on.
import { Alert, Button, Group, NativeSelect, Paper, Radio, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { GOLIVE_CATEGORIES, type GoLiveCategory } from '../../../../src/features/golive/rules.ts';
import type { ResolutionCode } from '../../../../src/features/tickets/rules/vocabulary.ts';
import { catalogueQuery } from '../../api/directory.ts';
import { goLiveKeys, type KnownIssue, logIssue } from '../../api/golive.ts';
import { ActionError } from '../../components/QueryStates.tsx';
import { RESOLUTION_LABELS } from '../../components/ticketWords.ts';
import { CATEGORY_LABELS, tipSheetHref } from './goLiveWords.ts';

const UNIT_KEY = 'clinidesk.golive.unit';

/** What fixed it, as the ATE would most often say for each kind of issue; they can change it. */
const FIX_OF: Record<GoLiveCategory, ResolutionCode> = {
  how_to: 'answered_how_to',
  build: 'configuration_fixed',
  technical: 'software_fixed',
  workflow: 'workaround_given',
  hardware: 'hardware_replaced',
};
const FIXES: ResolutionCode[] = [
  'answered_how_to',
  'workaround_given',
  'configuration_fixed',
  'software_fixed',
  'hardware_replaced',
  'access_granted',
  'password_reset',
  'no_fault_found',
];

export type IntakeZone = { id: string; name: string; units: { id: string; name: string }[] };

type Props = {
  eventId: string;
  /** The units one may log on, by zone. */
  zones: IntakeZone[];
  /** The go-live's known issues (the current ones are shown). */
  knownIssues: KnownIssue[];
  /** Support staff resolve on the spot; a super-user sends to the command center only. */
  mayResolve: boolean;
  /** The link shown after an issue is logged (the board, or back to the portal). */
  afterLink: ReactNode;
};

type Logged = { number: string; resolvedOnSpot: boolean; zone: string | null };

export function IntakeForm({ eventId, zones, knownIssues, mayResolve, afterLink }: Props) {
  const queryClient = useQueryClient();
  const catalogue = useQuery(catalogueQuery);
  const units = zones.flatMap((z) => z.units.map((u) => u.id));
  const remembered = typeof localStorage === 'undefined' ? null : localStorage.getItem(UNIT_KEY);
  // One unit (a super-user's own): chosen already.
  const initial = remembered && units.includes(remembered) ? remembered : units.length === 1 ? units[0]! : '';
  const [unitId, setUnitId] = useState(initial);
  const [serviceId, setServiceId] = useState('');
  const [moduleId, setModuleId] = useState('');
  const [category, setCategory] = useState<GoLiveCategory | ''>('');
  const [patientCare, setPatientCare] = useState('no');
  const [summary, setSummary] = useState('');
  const [fix, setFix] = useState<ResolutionCode | ''>('');
  const [done, setDone] = useState<Logged | null>(null);
  const application = catalogue.data?.applications.find((a) => a.id === serviceId);
  const send = useMutation({
    mutationFn: (onSpot: boolean) =>
      logIssue(eventId, {
        unitId,
        serviceId: serviceId || null,
        moduleId: moduleId || null,
        category: category as GoLiveCategory,
        summary: summary.trim(),
        patientCareAffected: patientCare === 'yes',
        ...(onSpot
          ? {
              resolveNow: {
                code: fix || FIX_OF[category as GoLiveCategory],
                note: `Resolved at the elbow: ${RESOLUTION_LABELS[fix || FIX_OF[category as GoLiveCategory]].toLowerCase()}.`,
              },
            }
          : {}),
      }),
    onSuccess: (result) => {
      localStorage.setItem(UNIT_KEY, unitId);
      void queryClient.invalidateQueries({ queryKey: goLiveKeys.all });
      setDone(result);
      window.scrollTo({ top: 0 });
    },
  });
  const missing = !unitId || !category || !summary.trim();
  const current = knownIssues.filter((k) => !k.retiredAt);

  if (done)
    return (
      <Stack gap="md">
        <Alert
          color="green.8"
          variant="light"
          role="status"
          title={done.resolvedOnSpot ? 'Resolved on the spot' : 'Sent'}
        >
          <Text size="md">
            {done.number}{' '}
            {done.resolvedOnSpot
              ? 'is logged as resolved on the spot. Thank you.'
              : 'is on the command center’s board. They will follow it up.'}
          </Text>
        </Alert>
        <Button
          size="xl"
          fullWidth
          onClick={() => {
            setDone(null);
            setSummary('');
            setCategory('');
            setPatientCare('no');
            setFix('');
            send.reset();
          }}
        >
          Log another issue
        </Button>
        {afterLink}
      </Stack>
    );

  return (
    <Stack gap="md">
      {current.length > 0 && (
        <Paper withBorder radius="md" p="sm" bg="orange.0" component="section" aria-labelledby="intake-known">
          <Text fw={700} id="intake-known">
            Known issues now
          </Text>
          <Stack gap={6} mt={4} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {current.map((k) => (
              <li key={k.id}>
                <Text size="sm" fw={600}>
                  {k.title}
                </Text>
                <Text size="sm">{k.workaround}</Text>
                {k.article && (
                  <Text size="sm">
                    Tip sheet: <a href={tipSheetHref(k.article.number)}>{k.article.title}</a>
                  </Text>
                )}
              </li>
            ))}
          </Stack>
        </Paper>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
        }}
      >
        <Stack gap="md">
          <NativeSelect
            size="lg"
            label="Unit"
            value={unitId}
            onChange={(e) => setUnitId(e.currentTarget.value)}
            required
          >
            <option value="">Pick the unit</option>
            {zones.map((z) => (
              <optgroup key={z.id} label={z.name}>
                {z.units.map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.name}
                  </option>
                ))}
              </optgroup>
            ))}
          </NativeSelect>
          <NativeSelect
            size="lg"
            label="Application"
            value={serviceId}
            onChange={(e) => {
              setServiceId(e.currentTarget.value);
              setModuleId('');
            }}
          >
            <option value="">Not sure / none</option>
            {(catalogue.data?.applications ?? []).map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </NativeSelect>
          {application && application.modules.length > 0 && (
            <NativeSelect
              size="lg"
              label="Module"
              value={moduleId}
              onChange={(e) => setModuleId(e.currentTarget.value)}
            >
              <option value="">Not sure / none</option>
              {application.modules.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                </option>
              ))}
            </NativeSelect>
          )}
          <Radio.Group
            label="What kind of issue"
            withAsterisk
            value={category}
            onChange={(v) => {
              setCategory(v as GoLiveCategory);
              setFix('');
            }}
            styles={{ label: { fontSize: 'var(--mantine-font-size-lg)' } }}
          >
            <SimpleGrid cols={2} spacing="xs" mt={4}>
              {GOLIVE_CATEGORIES.map((c) => (
                <Radio.Card key={c} value={c} radius="md" p="md" mih={56}>
                  <Group gap="xs" wrap="nowrap">
                    <Radio.Indicator />
                    <Text fw={600}>{CATEGORY_LABELS[c]}</Text>
                  </Group>
                </Radio.Card>
              ))}
            </SimpleGrid>
          </Radio.Group>
          <Radio.Group
            label="Is patient care affected?"
            value={patientCare}
            onChange={setPatientCare}
            styles={{ label: { fontSize: 'var(--mantine-font-size-lg)' } }}
          >
            <SimpleGrid cols={2} spacing="xs" mt={4}>
              <Radio.Card value="no" radius="md" p="md" mih={56}>
                <Group gap="xs" wrap="nowrap">
                  <Radio.Indicator />
                  <Text fw={600}>No</Text>
                </Group>
              </Radio.Card>
              <Radio.Card value="yes" radius="md" p="md" mih={56} bg={patientCare === 'yes' ? 'red.0' : undefined}>
                <Group gap="xs" wrap="nowrap">
                  <Radio.Indicator color="red" />
                  <Text fw={600}>Yes</Text>
                </Group>
              </Radio.Card>
            </SimpleGrid>
          </Radio.Group>
          <TextInput
            size="lg"
            label="What happened"
            description="A few words. No patient names or numbers."
            required
            maxLength={200}
            value={summary}
            onChange={(e) => setSummary(e.currentTarget.value)}
          />
          {category && mayResolve && (
            <NativeSelect
              size="lg"
              label="If you fixed it: what fixed it"
              value={fix || FIX_OF[category]}
              onChange={(e) => setFix(e.currentTarget.value as ResolutionCode)}
            >
              {FIXES.map((f) => (
                <option key={f} value={f}>
                  {RESOLUTION_LABELS[f]}
                </option>
              ))}
            </NativeSelect>
          )}
          <ActionError error={send.error} title="Not logged" />
          {missing && (
            <Text size="sm" c="dimmed">
              Pick the unit and the kind of issue, and say in a few words what happened.
            </Text>
          )}
          {mayResolve && (
            <Button
              size="xl"
              fullWidth
              color="teal.9"
              disabled={missing}
              loading={send.isPending && send.variables === true}
              onClick={() => send.mutate(true)}
            >
              Resolved on the spot
            </Button>
          )}
          <Button
            size="xl"
            fullWidth
            disabled={missing}
            loading={send.isPending && send.variables === false}
            onClick={() => send.mutate(false)}
          >
            Send to the command center
          </Button>
        </Stack>
      </form>
    </Stack>
  );
}
