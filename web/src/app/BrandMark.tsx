// The product's name and mark, as shown in the header and on the sign-in page.
import { Group, Text } from '@mantine/core';

export function BrandMark({ size = 'md' }: { size?: 'md' | 'lg' }) {
  const mark = size === 'lg' ? 40 : 32;
  return (
    <Group gap="sm" wrap="nowrap">
      <svg width={mark} height={mark} viewBox="0 0 32 32" aria-hidden="true">
        <rect width="32" height="32" rx="7" fill="var(--mantine-color-desk-7)" />
        <path d="M13 7h6v6h6v6h-6v6h-6v-6H7v-6h6z" fill="white" />
      </svg>
      <div>
        <Text fw={700} size={size === 'lg' ? 'xl' : 'lg'} lh={1.1} c="desk.9">
          Clinidesk
        </Text>
        <Text size="xs" c="dimmed" lh={1.2}>
          clinical service desk
        </Text>
      </div>
    </Group>
  );
}
