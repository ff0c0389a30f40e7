import { Link } from 'react-router-dom';
import { LinearProgress } from 'react-admin';
import { Box, Button, Card, CardContent, Stack, Typography } from '@mui/material';
import EditIcon from '@mui/icons-material/Edit';
import VisibilityIcon from '@mui/icons-material/Visibility';
import { DownloadMenu } from '../interviews/DownloadMenu';
import { PublishButton } from '../interviews/PublishButton';
import { StatusChip } from '../shared/fields';
import type { Interview } from '../types';
import { useStructureChangeBusy } from './useStructureChange';

/** The interview above its entries: title, status, speakers, publish, downloads, and links to its other views. */
export function TranscriptHeader({
  interview,
  entryCount,
  speakerNames,
  fetching,
  unsavedCount,
  onPublished,
}: {
  interview: Interview;
  entryCount: number;
  speakerNames: Map<string, string>;
  fetching: boolean;
  /** Entries with unsaved changes: publishing asks first, as they would not be published. */
  unsavedCount: number;
  onPublished(): void;
}) {
  const busy = useStructureChangeBusy();
  return (
    <Card sx={{ mt: 2, mb: 2 }}>
      <CardContent>
        <Stack direction={{ xs: 'column', sm: 'row' }} sx={{ gap: 1, alignItems: { sm: 'center' } }}>
          <Box sx={{ flex: 1 }}>
            {/* The interview's title is the page's main heading; the app bar names the view ("Transcript"). */}
            <Typography variant="h5" component="h1">
              {interview.title}
            </Typography>
            <Stack direction="row" sx={{ gap: 1, alignItems: 'center', flexWrap: 'wrap', mt: 0.5 }}>
              <StatusChip status={interview.status} />
              <Typography variant="body2" color="text.secondary">
                {[interview.publisher, `${entryCount} entries`, `version ${interview.version}`]
                  .filter(Boolean)
                  .join(' · ')}
              </Typography>
            </Stack>
            {speakerNames.size ? (
              <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5 }}>
                Speakers: {[...speakerNames.values()].join(', ')}
              </Typography>
            ) : null}
          </Box>
          <Stack direction="row" sx={{ gap: 1, flexWrap: 'wrap' }}>
            <PublishButton record={interview} onDone={onPublished} unsavedCount={unsavedCount} />
            <DownloadMenu record={interview} />
            <Button component={Link} to={`/interviews/${interview.id}`} size="small" startIcon={<EditIcon />}>
              Details
            </Button>
            <Button
              component={Link}
              to={`/interviews/${interview.id}/show`}
              size="small"
              startIcon={<VisibilityIcon />}
            >
              Show
            </Button>
          </Stack>
        </Stack>
      </CardContent>
      {busy || fetching ? <LinearProgress timeout={0} sx={{ width: '100%', m: 0 }} /> : null}
    </Card>
  );
}
