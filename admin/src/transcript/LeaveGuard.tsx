import { useEffect, type RefObject } from 'react';
import { useBlocker } from 'react-router-dom';
import { Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle } from '@mui/material';

/**
 * Asks before leaving the page (in the app or the browser) while entries have unsaved changes. Another page
 * with work to lose (the import) gives its own title and words; `released` lets a page leave on purpose (after
 * saving) before it has re-rendered clean.
 */
export function LeaveGuard({
  dirtyCount,
  title = 'Leave with unsaved changes?',
  description,
  released,
}: {
  dirtyCount: number;
  title?: string;
  description?: string;
  released?: RefObject<boolean>;
}) {
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      dirtyCount > 0 && !released?.current && currentLocation.pathname !== nextLocation.pathname,
  );
  useEffect(() => {
    if (dirtyCount === 0) return undefined;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (!released?.current) event.preventDefault();
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [dirtyCount, released]);
  if (blocker.state !== 'blocked') return null;
  return (
    <Dialog open onClose={() => blocker.reset?.()} aria-labelledby="leave-title">
      <DialogTitle id="leave-title">{title}</DialogTitle>
      <DialogContent>
        <DialogContentText>
          {description ??
            `${dirtyCount === 1 ? 'One entry has' : `${dirtyCount} entries have`} unsaved changes. They will be lost if you leave this page.`}
        </DialogContentText>
      </DialogContent>
      <DialogActions>
        <Button onClick={() => blocker.proceed?.()} color="error">
          Leave without saving
        </Button>
        <Button onClick={() => blocker.reset?.()} variant="contained" autoFocus>
          Stay
        </Button>
      </DialogActions>
    </Dialog>
  );
}
