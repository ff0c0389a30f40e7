import { Box, Typography } from '@mui/material';
import { useMemo } from 'react';
import { diffSummary, withContext, wordDiff } from './wordDiff';

/** A readable word diff: removed words struck through in red, added ones underlined in green. */
export function DiffView({
  before,
  after,
  label,
  dense,
  context,
}: {
  before: string;
  after: string;
  label?: string;
  dense?: boolean;
  /** Cut unchanged stretches down to this many words around each change. */
  context?: number;
}) {
  const parts = useMemo(() => wordDiff(before, after), [before, after]);
  const shown = useMemo(
    () => (context === undefined ? parts : withContext(parts, context)),
    [parts, context],
  );
  return (
    <Box component="figure" sx={{ m: 0 }}>
      {label ? (
        <Typography component="figcaption" variant="caption" color="text.secondary">
          {label} — {diffSummary(parts)}
        </Typography>
      ) : null}
      <Box
        className="word-diff"
        // It may scroll (long texts): focusable, so keyboard users can scroll it too.
        tabIndex={0}
        role="region"
        aria-label={label ? `${label}: changes` : 'Changes'}
        sx={{
          whiteSpace: 'pre-wrap',
          wordBreak: 'break-word',
          fontSize: dense ? '0.875rem' : '0.95rem',
          lineHeight: 1.6,
          p: 1,
          borderRadius: 1,
          bgcolor: 'action.hover',
          maxHeight: dense ? 240 : 'none',
          overflow: 'auto',
          '& del': { bgcolor: 'rgba(211, 47, 47, 0.15)', color: 'error.dark', textDecorationThickness: 1 },
          '& ins': { bgcolor: 'rgba(46, 125, 50, 0.18)', color: 'success.dark', textDecoration: 'underline' },
        }}
      >
        {shown.map((part, index) =>
          part.kind === 'gap' ? (
            <span key={index}>
              {part.head}
              <Box
                component="span"
                aria-label="unchanged text left out"
                sx={{ color: 'text.disabled', px: 0.5 }}
              >
                […]
              </Box>
              {part.tail}
            </span>
          ) : part.kind === 'same' ? (
            <span key={index}>{part.text}</span>
          ) : part.kind === 'added' ? (
            <ins key={index} aria-label={`added: ${part.text}`}>
              {part.text}
            </ins>
          ) : (
            <del key={index} aria-label={`removed: ${part.text}`}>
              {part.text}
            </del>
          ),
        )}
      </Box>
    </Box>
  );
}

function asText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  return JSON.stringify(value, null, 1);
}

const FIELD_LABEL: Record<string, string> = {
  text: 'Answer',
  question: 'Question',
  section: 'Section',
  position: 'Position',
  speaker_id: 'Speaker',
  questioner_id: 'Questioner',
  status: 'Status',
  title: 'Title',
};

/** The fields a revision changed, each as a word diff of before → after. */
export function RevisionChanges({
  before,
  after,
  dense,
  context,
}: {
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  dense?: boolean;
  context?: number;
}) {
  const fields = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  if (fields.length === 0) return <Typography variant="body2">No field changed.</Typography>;
  const ordered = fields.sort((x, y) => (x === 'text' ? -1 : y === 'text' ? 1 : x.localeCompare(y)));
  return (
    <Box sx={{ display: 'grid', gap: 1 }}>
      {ordered.map((field) => (
        <DiffView
          key={field}
          dense={dense}
          context={context}
          label={FIELD_LABEL[field] ?? field}
          before={asText(before?.[field])}
          after={asText(after?.[field])}
        />
      ))}
    </Box>
  );
}
