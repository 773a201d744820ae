import { Alert, Button, List, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { ErrorCode } from '../../contracts/index.ts';
import { isApiError } from '../lib/api.ts';
import { topLevelField } from '../lib/forms.ts';

const headings: Partial<Record<ErrorCode, string>> = {
  VALIDATION_FAILED: 'Please check the form',
  ALREADY_EXISTS: 'This could not be saved',
  CONFLICT: 'This could not be saved',
  VERSION_CONFLICT: 'This could not be saved',
  INVALID_STATE: 'This could not be done now',
  FORBIDDEN: 'Not allowed',
  NOT_FOUND: 'Not found',
  RATE_LIMITED: 'Too many attempts',
  SERVICE_UNAVAILABLE: 'OpenHTM cannot be reached',
};

interface ErrorAlertProps {
  error: unknown;
  title?: string;
  /** Fields the form already shows next to their inputs; their details are not repeated here. */
  inlineFields?: readonly string[];
  onRetry?: () => void;
}

/** Shows an error's message and its per-field details; announced to screen readers. */
export function ErrorAlert({ error, title, inlineFields = [], onRetry }: ErrorAlertProps) {
  if (!error) return null;
  const message = error instanceof Error ? error.message : 'Something went wrong.';
  const details = isApiError(error)
    ? error.details.filter((d) => d.field === undefined || !inlineFields.includes(topLevelField(d.field)))
    : [];
  const heading = title ?? (isApiError(error) ? headings[error.code] : undefined) ?? 'Something went wrong';

  return (
    <Alert
      color="red"
      variant="light"
      title={heading}
      icon={<IconAlertTriangle aria-hidden />}
      role="alert"
      aria-live="assertive"
      mb="md"
    >
      <Text size="sm">{message}</Text>
      {details.length > 0 ? (
        <List size="sm" mt="xs">
          {details.map((d, i) => (
            <List.Item key={`${d.field ?? ''}-${d.row ?? ''}-${i}`}>
              {d.row !== undefined ? `Row ${d.row}: ` : ''}
              {d.field ? `${d.field}: ` : ''}
              {d.message}
            </List.Item>
          ))}
        </List>
      ) : null}
      {onRetry ? (
        <Button size="xs" variant="white" color="red" mt="sm" onClick={onRetry}>
          Try again
        </Button>
      ) : null}
    </Alert>
  );
}
