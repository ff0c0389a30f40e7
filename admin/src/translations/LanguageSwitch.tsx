import { Link } from 'react-router-dom';
import { useRecordContext } from 'react-admin';
import { Box, Button, CircularProgress, Stack, Typography } from '@mui/material';
import CompareIcon from '@mui/icons-material/VerticalSplit';
import type { Interview } from '../types';
import { AddTranslationButton } from './AddTranslationButton';
import { languageName, useVersions } from './useVersions';

/**
 * The interview's language versions, each with its status; choosing one opens that version. Beside
 * them: the side-by-side view with another version, and "add translation" (the import page, preset).
 */
export function LanguageSwitch({ record: given }: { record?: Interview }) {
  const fromContext = useRecordContext<Interview>();
  const record = given ?? fromContext;
  const { data: versions, isPending, error } = useVersions(record?.id);
  if (!record) return null;
  const others = (versions ?? []).filter((version) => version.id !== record.id);
  const self = (versions ?? []).find((version) => version.id === record.id);
  // The view pairs a translation with its original: from the original, its first translation.
  const sideBySide = others.length ? (self && !self.isOriginal ? record.id : others[0].id) : null;
  return (
    <Box
      component="nav"
      aria-label="Language versions"
      data-testid="language-switch"
      sx={{ display: 'flex', alignItems: 'center', gap: 1, flexWrap: 'wrap', mr: 'auto' }}
    >
      <Typography variant="body2" color="text.secondary" component="span">
        Language:
      </Typography>
      {isPending ? <CircularProgress size={16} aria-label="Loading the language versions" /> : null}
      {error ? (
        <Typography variant="body2" color="error" component="span">
          versions could not be loaded
        </Typography>
      ) : null}
      <Stack
        component="ul"
        direction="row"
        sx={{ gap: 0.5, flexWrap: 'wrap', listStyle: 'none', m: 0, p: 0 }}
      >
        {(versions ?? []).map((version) => {
          const current = version.id === record.id;
          const status = version.status === 'PUBLISHED' ? 'published' : 'draft';
          return (
            <li key={version.id}>
              <Button
                size="small"
                component={Link}
                to={`/interviews/${version.id}/show`}
                variant={current ? 'contained' : 'outlined'}
                aria-current={current ? 'page' : undefined}
                data-language={version.language}
                sx={{ textTransform: 'none' }}
              >
                {languageName(version.language)}
                {version.isOriginal ? ' · original' : ''} · {status}
              </Button>
            </li>
          );
        })}
      </Stack>
      {sideBySide ? (
        <Button
          size="small"
          component={Link}
          to={`/interviews/${sideBySide}/translations`}
          startIcon={<CompareIcon />}
        >
          Side by side
        </Button>
      ) : null}
      <AddTranslationButton interviewId={record.id} taken={(versions ?? []).map((v) => v.language)} />
    </Box>
  );
}
