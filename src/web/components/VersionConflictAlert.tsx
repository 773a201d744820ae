import { Alert, Button } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';

/** Shown when a write answers 409 VERSION_CONFLICT: the record changed since it was loaded. */
export function VersionConflictAlert({ onReload, reloading }: { onReload: () => void; reloading: boolean }) {
  return (
    <Alert color="orange" title="Someone else changed this" role="alert" aria-live="assertive">
      Another person saved a change while you were editing. Reload to see the latest version, then make your
      change again.
      <Button
        mt="sm"
        size="xs"
        variant="white"
        color="orange"
        leftSection={<IconRefresh size={14} aria-hidden />}
        onClick={onReload}
        loading={reloading}
        display="block"
      >
        Reload
      </Button>
    </Alert>
  );
}
