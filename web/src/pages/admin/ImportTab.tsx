// CSV import: paste or upload, check it (dry run) with every bad line listed, then import it for real.
import {
  Alert,
  Button,
  Code,
  FileButton,
  Group,
  Paper,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Textarea,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { COLUMNS, IMPORT_KINDS, type ImportKind } from '../../../../src/features/directory/import-rules.ts';
import { IMPORT_MAX_BYTES } from '../../../../src/features/directory/schemas.ts';
import { type ImportReport, runImport } from '../../api/admin.ts';
import { directoryKeys } from '../../api/directory.ts';
import { plural, wasWere } from '../../components/plural.ts';
import { ActionError } from '../../components/QueryStates.tsx';

const KIND_LABELS: Record<ImportKind, string> = {
  facilities: 'Facilities',
  units: 'Units',
  people: 'People',
  services: 'Services',
};

export function ImportTab() {
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<ImportKind>('facilities');
  const [csv, setCsv] = useState('');
  const [checked, setChecked] = useState<{ csv: string; kind: ImportKind; report: ImportReport }>();
  const [fileProblem, setFileProblem] = useState<string>();
  const run = useMutation({
    mutationFn: ({ dryRun }: { dryRun: boolean }) => runImport(kind, csv, dryRun),
    onSuccess: (report) => {
      setChecked({ csv, kind, report });
      if (!report.dryRun && report.ok) void queryClient.invalidateQueries({ queryKey: directoryKeys.all });
    },
  });
  const report = checked?.kind === kind && checked.csv === csv ? checked.report : undefined;
  const readyToImport = report?.dryRun && report.ok;
  const columns = Object.entries(COLUMNS[kind]);

  async function upload(file: File | null) {
    if (!file) return;
    if (file.size > IMPORT_MAX_BYTES) return setFileProblem('That file is larger than 10 MB.');
    setFileProblem(undefined);
    setCsv(await file.text());
  }

  return (
    <Stack gap="md" maw={900}>
      <SegmentedControl
        aria-label="What to import"
        data={IMPORT_KINDS.map((value) => ({ value, label: KIND_LABELS[value] }))}
        value={kind}
        onChange={(value) => setKind(value as ImportKind)}
        w="fit-content"
      />
      <Text size="sm">
        Columns, header row first:{' '}
        {columns.map(([name, column], index) => (
          <span key={name}>
            {index > 0 && ', '}
            <Code>{name}</Code>
            {column.required ? ' (required)' : ''}
          </span>
        ))}
        . Rows with an existing code or key are updated; nothing is written when any row is wrong.
      </Text>
      <Textarea
        label="CSV"
        description="Paste the file here, or upload it"
        value={csv}
        onChange={(event) => setCsv(event.currentTarget.value)}
        autosize
        minRows={6}
        maxRows={16}
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } }}
        spellCheck={false}
      />
      <Group gap="sm">
        <FileButton accept=".csv,text/csv" onChange={(file) => void upload(file)}>
          {(props) => (
            <Button variant="default" {...props}>
              Upload a CSV file…
            </Button>
          )}
        </FileButton>
        <Button
          onClick={() => run.mutate({ dryRun: true })}
          disabled={!csv.trim()}
          loading={run.isPending && run.variables?.dryRun}
        >
          Check (dry run)
        </Button>
        <Button
          onClick={() => run.mutate({ dryRun: false })}
          disabled={!readyToImport}
          loading={run.isPending && !run.variables?.dryRun}
        >
          Import
        </Button>
      </Group>
      {fileProblem && <ActionError error={new Error(fileProblem)} title="File not read" />}
      <ActionError error={run.error} title="The import did not run" />
      {report && <ImportResult report={report} />}
    </Stack>
  );
}

function ImportResult({ report }: { report: ImportReport }) {
  const verb = (n: number) => (report.dryRun ? 'would be' : wasWere(n));
  const counts = `${plural(report.rows, 'row')}: ${report.created} ${verb(report.created)} created, ${report.updated} ${verb(report.updated)} updated.`;
  if (report.ok) {
    return (
      <Alert color="green" variant="light" role="status" title={report.dryRun ? 'Every row is fine' : 'Imported'}>
        {counts} {report.dryRun ? 'Press Import to write them.' : ''}
      </Alert>
    );
  }
  return (
    <Paper withBorder radius="md" p="md">
      <Stack gap="sm">
        <Alert
          color="red"
          variant="light"
          role="alert"
          title={`${plural(report.errors.length, 'problem')}; nothing was imported`}
        >
          Fix these lines and check again.
        </Alert>
        <Table verticalSpacing={4} fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Line</Table.Th>
              <Table.Th scope="col">Column</Table.Th>
              <Table.Th scope="col">Problem</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {report.errors.slice(0, 200).map((error) => (
              <Table.Tr key={`${error.line}-${error.field}-${error.message}`}>
                <Table.Td>{error.line}</Table.Td>
                <Table.Td>
                  <Code>{error.field}</Code>
                </Table.Td>
                <Table.Td>{error.message}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {report.errors.length > 200 && <Text size="sm">…and {report.errors.length - 200} more.</Text>}
      </Stack>
    </Paper>
  );
}
