import { Fragment, useMemo } from 'react';
import { Stack, Typography } from '@mui/material';
import type { Answer } from '../types';
import { EntryCard } from './EntryCard';
import type { Drafts } from './useEntryDrafts';

/**
 * The entries in order, each section's heading before its first entry. One flat list keyed by entry
 * rather than a block per section: an entry moved across a section boundary keeps its card, and with it
 * the focus and any open dialog.
 */
export function SectionedEntries({
  answers,
  drafts,
  speakerNames,
  editingBy,
  linkedEntryId,
}: {
  answers: Answer[];
  drafts: Drafts;
  speakerNames: Map<string, string>;
  /** Who else is editing each entry, by entry id. */
  editingBy: Map<string, string[]>;
  /** The entry a link pointed at, shown highlighted. */
  linkedEntryId: string | null;
}) {
  const headings = useMemo(
    () => answers.map((a, i) => (a.section && a.section !== answers[i - 1]?.section ? a.section : null)),
    [answers],
  );
  const nameOf = (speakerId: string | null | undefined) =>
    speakerId ? (speakerNames.get(speakerId) ?? null) : null;
  return (
    <Stack component="section" aria-label="Entries" sx={{ gap: 2 }}>
      {answers.map((answer, index) => {
        const heading = headings[index];
        return (
          <Fragment key={answer.id}>
            {heading ? <SectionHeading title={heading} /> : null}
            <EntryCard
              answer={answer}
              next={answers[index + 1] ?? null}
              isFirst={index === 0}
              draft={drafts[answer.id]}
              speakerName={nameOf(answer.speaker_id)}
              questionerName={nameOf(answer.questioner_id)}
              editingBy={editingBy.get(answer.id)?.join(', ') ?? null}
              linked={answer.id === linkedEntryId}
            />
          </Fragment>
        );
      })}
    </Stack>
  );
}

function SectionHeading({ title }: { title: string }) {
  return (
    <Typography variant="h6" component="h2" sx={{ mt: 2, borderBottom: 1, borderColor: 'divider' }}>
      {title}
    </Typography>
  );
}
