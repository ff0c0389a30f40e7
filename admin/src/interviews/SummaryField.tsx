import { Link } from 'react-router-dom';
import { Alert, Button, Typography } from '@mui/material';
import EditIcon from '@mui/icons-material/Edit';
import { Labeled, useRecordContext } from 'react-admin';
import type { Interview } from '../types';

/** The editor's summary, or — until one is written — a prompt to write it. */
export function SummaryField() {
  const record = useRecordContext<Interview>();
  if (!record) return null;
  const summary = record.summary?.trim();
  return (
    <Labeled label="Summary">
      {summary ? (
        <Typography variant="body2" data-testid="summary" sx={{ whiteSpace: 'pre-wrap' }}>
          {summary}
        </Typography>
      ) : (
        <Alert
          severity="info"
          data-testid="summary-prompt"
          action={
            <Button component={Link} to={`/interviews/${record.id}`} size="small" startIcon={<EditIcon />}>
              Write a summary
            </Button>
          }
        >
          No summary yet. Write a sentence or two that tells readers what they get from this interview — it is
          shown in listings and previews.
        </Alert>
      )}
    </Labeled>
  );
}
