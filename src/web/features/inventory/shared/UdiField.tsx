import { useState, type ReactNode } from 'react';
import { Button, Group, Paper, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { IconCamera } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { UdiParseResult } from '../../../../contracts/index.ts';
import { api } from '../../../lib/api.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { BarcodeScanner } from './BarcodeScanner.tsx';
import { UdiFacts } from './UdiFacts.tsx';
import { canScanWithCamera } from './barcode.ts';

export function parseUdi(code: string): Promise<UdiParseResult> {
  return api.post('/api/v1/udi/parse', UdiParseResult, { code });
}

/** The server's reading of a UDI as it is typed or scanned (the parser lives on the server). */
export function useUdiPreview(code: string) {
  const [debounced] = useDebouncedValue(code.trim(), 300);
  return useQuery({
    queryKey: ['udi-parse', debounced],
    queryFn: () => parseUdi(debounced),
    enabled: debounced !== '',
    placeholderData: keepPreviousData,
    staleTime: Infinity,
  });
}

interface UdiFieldProps {
  label?: string;
  description?: ReactNode;
  value: string;
  onChange: (value: string) => void;
  error?: ReactNode;
  /** Shown under the preview, e.g. "Use this serial number". */
  renderExtra?: (result: UdiParseResult) => ReactNode;
}

/**
 * A UDI, typed (or sent by a keyboard-wedge scanner) or read with the camera where the browser has a barcode
 * detector, with the parsed device identifier, lot, serial and dates shown as it is entered.
 */
export function UdiField({ label = 'UDI', description, value, onChange, error, renderExtra }: UdiFieldProps) {
  const [scanning, scan] = useDisclosure(false);
  const [camera] = useState(canScanWithCamera);
  const preview = useUdiPreview(value);
  const result = value.trim() === '' ? undefined : preview.data;

  return (
    <Stack gap="xs">
      <Group align="flex-end" gap="xs" wrap="nowrap">
        <TextInput
          label={label}
          description={description ?? 'Scan or type the full UDI, e.g. (01)00812345678906(17)270131(21)SN123'}
          value={value}
          onChange={(e) => onChange(e.currentTarget.value)}
          error={error}
          autoComplete="off"
          autoCapitalize="off"
          spellCheck={false}
          style={{ flex: 1 }}
          onKeyDown={(e) => {
            // A scanner ends with Enter; it must not submit the form half-filled.
            if (e.key === 'Enter') e.preventDefault();
          }}
        />
        {camera ? (
          <Button variant="default" leftSection={<IconCamera size={16} aria-hidden />} onClick={scan.open}>
            Scan
          </Button>
        ) : null}
      </Group>
      {preview.error && value.trim() !== '' ? (
        <ErrorAlert error={preview.error} title="The UDI could not be read" />
      ) : null}
      {result ? (
        <Paper withBorder radius="sm" p="sm" role="region" aria-live="polite" aria-label="UDI preview">
          <Text size="xs" fw={600} c="dimmed" mb={4}>
            As read
          </Text>
          <UdiFacts result={result} />
          {renderExtra?.(result)}
        </Paper>
      ) : null}
      {camera ? <BarcodeScanner opened={scanning} onClose={scan.close} onResult={onChange} /> : null}
    </Stack>
  );
}
