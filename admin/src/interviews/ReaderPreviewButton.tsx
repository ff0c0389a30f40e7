import { Link } from 'react-router-dom';
import { Button, useRecordContext } from 'react-admin';
import PreviewIcon from '@mui/icons-material/Preview';
import type { Interview } from '../types';

/** "Reader preview" — the interview as readers will see it, drafts included. */
export function ReaderPreviewButton() {
  const record = useRecordContext<Interview>();
  if (!record) return null;
  return (
    <Button
      component={Link}
      to={`/interviews/${record.id}/preview`}
      label="Reader preview"
      aria-label="Reader preview"
    >
      <PreviewIcon />
    </Button>
  );
}
