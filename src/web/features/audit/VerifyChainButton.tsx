import { Alert, Button, Stack } from '@mantine/core';
import { IconShieldCheck } from '@tabler/icons-react';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import type { useVerifyChain } from './audit.api.ts';

/** Recomputes the hash chain on the server and says whether the trail is intact. */
type Verify = ReturnType<typeof useVerifyChain>;

export function VerifyChainButton({ verify }: { verify: Verify }) {
  return (
    <Button
      variant="default"
      leftSection={<IconShieldCheck size={16} aria-hidden />}
      onClick={() => verify.mutate()}
      loading={verify.isPending}
    >
      Verify chain
    </Button>
  );
}

export function VerifyChainResult({ verify }: { verify: Verify }) {
  if (verify.error) return <ErrorAlert error={verify.error} title="The chain could not be verified" />;
  const result = verify.data;
  if (!result) return null;
  return (
    <Stack mb="md" aria-live="polite">
      {result.ok ? (
        <Alert color="teal" title="Audit trail intact" role="status">
          {result.checked} events checked; every hash matches its predecessor.
        </Alert>
      ) : (
        <Alert color="red" title="Audit trail broken" role="alert">
          {result.checked} events checked.
          {result.firstBroken
            ? ` The chain breaks at event ${result.firstBroken.seq}: ${result.firstBroken.reason}.`
            : ' The server did not say where.'}
        </Alert>
      )}
    </Stack>
  );
}
