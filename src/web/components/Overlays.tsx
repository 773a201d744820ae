import type { ReactNode } from 'react';
import { Drawer, Modal } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';

interface OverlayProps {
  opened: boolean;
  onClose: () => void;
  title: ReactNode;
  children: ReactNode;
  size?: string;
}

/** True on phone-sized screens (below Mantine's "sm" breakpoint). */
export function useIsPhone(): boolean {
  return useMediaQuery('(max-width: 48em)') ?? false;
}

/** A dialog for a form; full screen on phones. */
export function FormModal({ opened, onClose, title, children, size = 'lg' }: OverlayProps) {
  const phone = useIsPhone();
  return (
    <Modal opened={opened} onClose={onClose} title={title} size={size} fullScreen={phone}>
      {children}
    </Modal>
  );
}

/** A side panel for details and edits; full width on phones. */
export function SidePanel({ opened, onClose, title, children, size = 'xl' }: OverlayProps) {
  const phone = useIsPhone();
  return (
    <Drawer opened={opened} onClose={onClose} title={title} position="right" size={phone ? '100%' : size}>
      {children}
    </Drawer>
  );
}
