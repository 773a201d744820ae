import { useState, type ReactNode } from 'react';
import { Button, Group, Text, type ButtonProps } from '@mantine/core';

interface ConfirmButtonProps extends Omit<ButtonProps, 'children' | 'onClick'> {
  children: ReactNode;
  /** The question shown after the first click. */
  question: ReactNode;
  confirmLabel?: string;
  onConfirm: () => void;
  loading?: boolean;
}

/** A destructive action that asks once, in place, before it runs. */
export function ConfirmButton({
  children,
  question,
  confirmLabel,
  onConfirm,
  loading,
  ...buttonProps
}: ConfirmButtonProps) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <Button {...buttonProps} onClick={() => setAsking(true)}>
        {children}
      </Button>
    );
  }
  return (
    <Group gap="xs" wrap="wrap" role="group" aria-live="polite">
      <Text size="sm">{question}</Text>
      <Button
        size={buttonProps.size ?? 'xs'}
        color="red"
        loading={loading}
        onClick={() => {
          onConfirm();
          setAsking(false);
        }}
        autoFocus
      >
        {confirmLabel ?? 'Confirm'}
      </Button>
      <Button size={buttonProps.size ?? 'xs'} variant="default" onClick={() => setAsking(false)}>
        Cancel
      </Button>
    </Group>
  );
}
