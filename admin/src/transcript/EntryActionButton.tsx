import type { ReactNode } from 'react';
import { IconButton, Tooltip } from '@mui/material';

/** An entry's icon button, named by its label (tooltip and accessible name). */
export function EntryActionButton({
  label,
  onClick,
  disabled,
  children,
}: {
  label: string;
  onClick(): void;
  disabled?: boolean;
  children: ReactNode;
}) {
  return (
    <Tooltip title={label}>
      <span>
        <IconButton size="small" aria-label={label} onClick={onClick} disabled={disabled}>
          {children}
        </IconButton>
      </span>
    </Tooltip>
  );
}
