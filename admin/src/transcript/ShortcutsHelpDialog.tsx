import { Fragment } from 'react';
import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Table,
  TableBody,
  TableCell,
  TableRow,
} from '@mui/material';
import { SHORTCUTS } from './shortcuts';

/** The transcript editor's keyboard shortcuts, opened with "?" or the toolbar's button. */
export function ShortcutsHelpDialog({ open, onClose }: { open: boolean; onClose(): void }) {
  return (
    <Dialog open={open} onClose={onClose} aria-labelledby="shortcuts-title">
      <DialogTitle id="shortcuts-title">Keyboard shortcuts</DialogTitle>
      <DialogContent>
        <Table size="small" aria-labelledby="shortcuts-title">
          <TableBody>
            {SHORTCUTS.map((shortcut) => (
              <TableRow key={shortcut.does}>
                <TableCell component="th" scope="row" sx={{ whiteSpace: 'nowrap' }}>
                  {shortcut.keys.map((key, index) => (
                    <Fragment key={key}>
                      {index > 0 ? ' + ' : null}
                      <kbd>{key}</kbd>
                    </Fragment>
                  ))}
                </TableCell>
                <TableCell>{shortcut.does}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} autoFocus>
          Close
        </Button>
      </DialogActions>
    </Dialog>
  );
}
