import { Labeled, useRecordContext } from 'react-admin';
import { Stack, Typography } from '@mui/material';
import type { Interview } from '../types';

function when(value: string | null | undefined): string {
  return value ? new Date(value).toLocaleString() : '—';
}

/** First and latest publication, and what the service is scheduled to do. */
export function PublicationDates() {
  const record = useRecordContext<Interview>();
  if (!record) return null;
  const firstPublishedAt = record.firstPublishedAt ?? record.publishedAt;
  return (
    <Stack direction={{ xs: 'column', sm: 'row' }} sx={{ gap: { xs: 1, sm: 6 }, flexWrap: 'wrap' }}>
      <Labeled label="First published">
        <Typography variant="body2" data-testid="first-published">
          {when(firstPublishedAt)}
        </Typography>
      </Labeled>
      <Labeled label="Last published">
        <Typography variant="body2">{when(record.publishedAt)}</Typography>
      </Labeled>
      {record.publishAt ? (
        <Labeled label="Scheduled to publish">
          <Typography variant="body2" data-testid="publish-at">
            {when(record.publishAt)}
          </Typography>
        </Labeled>
      ) : null}
      {record.unpublishAt ? (
        <Labeled label="Scheduled to unpublish">
          <Typography variant="body2" data-testid="unpublish-at">
            {when(record.unpublishAt)}
          </Typography>
        </Labeled>
      ) : null}
    </Stack>
  );
}
