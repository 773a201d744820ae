import { Code, List, Stack, Text } from '@mantine/core';
import type { UdiParseResult } from '../../../../contracts/index.ts';
import { formatDate } from '../../../lib/format.ts';
import { Facts } from './Facts.tsx';

/** What a UDI carries: issuing agency, device identifier and production identifiers, and what is wrong with it. */
export function UdiFacts({ result }: { result: UdiParseResult }) {
  return (
    <Stack gap="xs">
      <Code block style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }} aria-label="UDI as scanned">
        {result.raw}
      </Code>
      <Facts
        facts={[
          ['Issuing agency', result.issuingAgency],
          ['Device identifier (DI)', result.deviceIdentifier],
          ['Lot', result.lot],
          ['Serial', result.serial],
          ['Expiry date', result.expiryDate ? formatDate(`${result.expiryDate}T12:00:00Z`) : null],
          [
            'Manufacturing date',
            result.manufacturingDate ? formatDate(`${result.manufacturingDate}T12:00:00Z`) : null,
          ],
        ]}
      />
      {result.errors.length > 0 ? (
        <div>
          <Text size="sm" fw={600} c="red">
            Problems in this UDI
          </Text>
          <List size="sm">
            {result.errors.map((e, i) => (
              <List.Item key={`${e.code}-${i}`}>
                {e.message}
                {e.expected !== undefined && !/expected/i.test(e.message) ? ` (expected ${e.expected})` : ''}
                {e.position !== undefined ? `, at character ${e.position + 1}` : ''}
              </List.Item>
            ))}
          </List>
        </div>
      ) : null}
    </Stack>
  );
}
