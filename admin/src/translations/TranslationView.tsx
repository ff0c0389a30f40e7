/**
 * Side by side (`/interviews/:id/translations`, :id a translation): the original on the left and the
 * translation on the right, entry by entry, in rows that scroll together — one pair per row, an empty
 * cell where an entry has no counterpart, one entry beside the two it was split into. Each side is the
 * transcript editor's own: cards, drafts, saving with merges, conflicts, history, presence. Entries
 * whose counterpart changed since they were translated are marked, with the diff, until marked done;
 * selected entries are re-paired or unpaired.
 */
import { useCallback, useMemo, useRef, useState } from 'react';
import { Link, Navigate, useParams } from 'react-router-dom';
import { LinearProgress, Title, useAuthenticated, useNotify } from 'react-admin';
import { Alert, Box, Button, Card, CardContent, Stack, Typography } from '@mui/material';
import ArticleIcon from '@mui/icons-material/Article';
import { errorMessage } from '../graphql/errors';
import { useSaveShortcut } from '../shared/useSaveShortcut';
import { StatusChip } from '../shared/fields';
import { LeaveGuard } from '../transcript/LeaveGuard';
import { UnsavedChangesBar } from '../transcript/UnsavedChangesBar';
import type { Answer } from '../types';
import { AlignedRowView, type RowEntries } from './AlignedRowView';
import { PairingBar } from './PairingBar';
import { ResetAlignmentButton } from './ResetAlignmentButton';
import type { AlignmentVersion, TranslationAlignment } from './translationApi';
import {
  useAlignmentChange,
  useMarkTranslationDone,
  useTranslationAlignment,
} from './useTranslationAlignment';
import { useVersionSide } from './useVersionSide';
import { languageName, useVersions } from './useVersions';

export function TranslationView() {
  useAuthenticated();
  const { id = '' } = useParams<{ id: string }>();
  const alignment = useTranslationAlignment(id);
  const versions = useVersions(id);
  if (alignment.error) {
    // Opened on the original (a link from its page): show it beside its first translation.
    const self = versions.data?.find((version) => version.id === id);
    const translation = versions.data?.find((version) => !version.isOriginal);
    if (self?.isOriginal && translation) {
      return <Navigate to={`/interviews/${translation.id}/translations`} replace />;
    }
    return (
      <Alert severity="error" sx={{ m: 2 }}>
        The side-by-side view could not be loaded: {errorMessage(alignment.error)}{' '}
        <Link to={`/interviews/${id}/show`}>Back to the interview</Link>
      </Alert>
    );
  }
  if (!alignment.data) {
    return (
      <Box sx={{ p: 4 }} role="status" aria-label="Loading the translation">
        <LinearProgress timeout={0} />
      </Box>
    );
  }
  return (
    <SideBySide
      key={id}
      alignment={alignment.data}
      staleness={alignment.staleness}
      fetching={alignment.isFetching}
    />
  );
}

function SideBySide({
  alignment,
  staleness,
  fetching,
}: {
  alignment: TranslationAlignment;
  staleness: ReturnType<typeof useTranslationAlignment>['staleness'];
  fetching: boolean;
}) {
  const { original, translation } = alignment;
  const originalSide = useVersionSide(original.id);
  const translationSide = useVersionSide(translation.id);
  const notify = useNotify();
  const change = useAlignmentChange(translation.id);
  const markDone = useMarkTranslationDone(translation.id);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const focusedSide = useRef<'original' | 'translation' | null>(null);

  const originalAnswers = originalSide.answers;
  const translationAnswers = translationSide.answers;
  const rows: RowEntries[] = useMemo(() => {
    // The sides' own entries (what the drafts are based on), the alignment's while a side catches up.
    const loaded = new Map([...originalAnswers, ...translationAnswers].map((a) => [a.id, a]));
    const current = (entries: Answer[]) => entries.map((entry) => loaded.get(entry.id) ?? entry);
    return alignment.rows.map((row, index) => ({
      key: row.pair_id ?? [...row.original, ...row.translation].map((a) => a.id).join('-'),
      number: index + 1,
      original: current(row.original),
      translation: current(row.translation),
    }));
  }, [alignment.rows, originalAnswers, translationAnswers]);

  const originalIds = useMemo(() => new Set(originalAnswers.map((a) => a.id)), [originalAnswers]);
  const selectedOriginal = [...selected].filter((id) => originalIds.has(id));
  const selectedTranslation = [...selected].filter((id) => !originalIds.has(id));

  const select = useCallback((answerId: string, on: boolean) => {
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(answerId);
      else next.delete(answerId);
      return next;
    });
  }, []);

  const save = useCallback(() => {
    const sides = { original: originalSide, translation: translationSide };
    if (focusedSide.current && sides[focusedSide.current].dirtyCount > 0) {
      sides[focusedSide.current].actions.saveFocusedOrAll();
      return;
    }
    const dirty = Object.values(sides).filter((side) => side.dirtyCount > 0);
    if (dirty.length === 0) notify('Nothing to save', { type: 'info' });
    for (const side of dirty) side.actions.saveAll();
  }, [notify, originalSide, translationSide]);
  useSaveShortcut(save);

  const dirtyCount = originalSide.dirtyCount + translationSide.dirtyCount;
  const loadError = originalSide.error ?? translationSide.error;
  const pending = originalSide.answersPending || translationSide.answersPending;
  const originalLanguage = original.language;
  const translationLanguage = translation.language;

  return (
    <Box sx={{ px: { xs: 0.5, sm: 2 }, pb: 8 }} data-testid="translation-view">
      <Title title={`Side by side: ${original.title}`} />
      <LeaveGuard dirtyCount={dirtyCount} />
      <Card sx={{ mt: 2, mb: 2 }}>
        <CardContent>
          <Typography variant="h5" component="h1">
            {original.title}: {languageName(originalLanguage)} ↔ {languageName(translationLanguage)}
          </Typography>
          <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5 }}>
            {alignment.rows.length} rows · {originalSide.answers.length} entries in {originalLanguage},{' '}
            {translationSide.answers.length} in {translationLanguage}
          </Typography>
          <Stack direction="row" sx={{ gap: 1, flexWrap: 'wrap', mt: 1, alignItems: 'center' }}>
            <TranslationPicker original={original} current={translation} />
            <Box sx={{ flex: 1 }} />
            <ResetAlignmentButton
              busy={change.isPending}
              onReset={() => change.mutate({ kind: 'reset' }, { onSuccess: () => setSelected(new Set()) })}
            />
          </Stack>
        </CardContent>
        {fetching || change.isPending ? <LinearProgress timeout={0} sx={{ width: '100%', m: 0 }} /> : null}
      </Card>
      {loadError ? (
        <Alert severity="error" sx={{ mb: 2 }}>
          A version could not be loaded: {errorMessage(loadError)}
        </Alert>
      ) : null}
      <Box
        sx={{
          position: 'sticky',
          top: { xs: 56, sm: 64 },
          zIndex: 3,
          bgcolor: 'background.default',
          display: 'grid',
          gap: 2,
          gridTemplateColumns: { xs: '1fr 1fr', md: 'minmax(0, 1fr) minmax(0, 1fr)' },
          py: 1,
        }}
      >
        <VersionHeading version={original} role="Original" />
        <VersionHeading version={translation} role="Translation" />
      </Box>
      {pending ? (
        <LinearProgress timeout={0} />
      ) : (
        <Stack component="section" aria-label="Aligned entries" sx={{ gap: 1.5 }}>
          {rows.map((row) => (
            <AlignedRowView
              key={row.key}
              row={row}
              originalSide={originalSide}
              translationSide={translationSide}
              originalLanguage={originalLanguage}
              translationLanguage={translationLanguage}
              staleness={staleness}
              selected={selected}
              onSelect={select}
              busy={change.isPending}
              onUnpair={(target) =>
                change.mutate({
                  kind: 'unpair',
                  answerIds: [...target.original, ...target.translation].map((a) => a.id),
                })
              }
              onMarkDone={(answer, language) =>
                markDone.mutate({ answerId: answer.id, position: answer.position, language })
              }
              markingDone={markDone.isPending ? (markDone.variables?.answerId ?? null) : null}
              onFocusEntry={(side) => {
                focusedSide.current = side;
              }}
            />
          ))}
        </Stack>
      )}
      {selected.size ? (
        <PairingBar
          originalLanguage={originalLanguage}
          translationLanguage={translationLanguage}
          originalCount={selectedOriginal.length}
          translationCount={selectedTranslation.length}
          busy={change.isPending}
          onPair={() =>
            change.mutate(
              { kind: 'pair', originalIds: selectedOriginal, translationIds: selectedTranslation },
              { onSuccess: () => setSelected(new Set()) },
            )
          }
          onUnpair={() =>
            change.mutate(
              { kind: 'unpair', answerIds: [...selected] },
              { onSuccess: () => setSelected(new Set()) },
            )
          }
          onClear={() => setSelected(new Set())}
        />
      ) : null}
      {dirtyCount ? (
        <UnsavedChangesBar
          dirtyCount={dirtyCount}
          onSaveAll={() => {
            originalSide.actions.saveAll();
            translationSide.actions.saveAll();
          }}
        />
      ) : null}
    </Box>
  );
}

function VersionHeading({ version, role }: { version: AlignmentVersion; role: 'Original' | 'Translation' }) {
  return (
    <Stack direction="row" sx={{ alignItems: 'center', gap: 1, flexWrap: 'wrap', minWidth: 0 }}>
      <Typography variant="h6" component="h2" sx={{ minWidth: 0 }} lang={version.language}>
        <Box component="span" lang="en">
          {role}, {languageName(version.language)}:
        </Box>{' '}
        {version.title}
      </Typography>
      <StatusChip status={version.status} />
      <Button
        size="small"
        component={Link}
        to={`/interviews/${version.id}/transcript`}
        startIcon={<ArticleIcon />}
        aria-label={`Transcript of the ${role.toLowerCase()} (${version.language})`}
      >
        Transcript
      </Button>
    </Stack>
  );
}

/** The other translations of the same original, to compare with instead. */
function TranslationPicker({ original, current }: { original: AlignmentVersion; current: AlignmentVersion }) {
  const { data: versions } = useVersions(original.id);
  const translations = (versions ?? []).filter((version) => !version.isOriginal);
  if (translations.length < 2) return null;
  return (
    <Stack component="nav" aria-label="Translations" direction="row" sx={{ gap: 0.5, flexWrap: 'wrap' }}>
      {translations.map((version) => (
        <Button
          key={version.id}
          size="small"
          component={Link}
          to={`/interviews/${version.id}/translations`}
          variant={version.id === current.id ? 'contained' : 'outlined'}
          aria-current={version.id === current.id ? 'page' : undefined}
        >
          {languageName(version.language)}
        </Button>
      ))}
    </Stack>
  );
}
