import { useMemo } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNotify } from 'react-admin';
import { errorCode, errorMessage } from '../graphql/errors';
import {
  alignEntries,
  markTranslationDone,
  resetAlignment,
  translationAlignment,
  unalignEntries,
  type TranslationAlignment,
  type TranslationStaleness,
} from './translationApi';

/**
 * The translation's alignment with its original, row by row, and the stale marks of every entry. Keyed
 * under 'answers': an entry saved, or a stale mark changed (an ANSWER event), refetches it.
 */
export function useTranslationAlignment(translationId: string) {
  const query = useQuery({
    queryKey: ['answers', 'translationAlignment', translationId],
    queryFn: () => translationAlignment(translationId),
    enabled: !!translationId,
    // Not a translation (the original, say) will not become one by asking again.
    retry: (failures, error) =>
      failures < 3 && !['BAD_USER_INPUT', 'NOT_FOUND', 'FORBIDDEN'].includes(errorCode(error) ?? ''),
  });
  const staleness = useMemo(() => {
    const byEntry = new Map<string, TranslationStaleness[]>();
    for (const row of query.data?.rows ?? []) {
      for (const answer of [...row.original, ...row.translation]) {
        if (answer.stale.length) byEntry.set(answer.id, answer.stale);
      }
    }
    return byEntry;
  }, [query.data]);
  return { ...query, staleness };
}

type AlignmentChange =
  | { kind: 'pair'; originalIds: string[]; translationIds: string[] }
  | { kind: 'unpair'; answerIds: string[] }
  | { kind: 'reset' };

function describe(change: AlignmentChange): string {
  if (change.kind === 'reset') return 'Alignment reset to entry n ↔ entry n';
  if (change.kind === 'unpair')
    return change.answerIds.length === 1 ? 'Entry unpaired' : `${change.answerIds.length} entries unpaired`;
  return `Paired ${change.originalIds.length} ↔ ${change.translationIds.length}`;
}

/** Re-pairs, unpairs or resets the alignment; the view shows the alignment the service answers with. */
export function useAlignmentChange(translationId: string) {
  const queryClient = useQueryClient();
  const notify = useNotify();
  return useMutation<TranslationAlignment, unknown, AlignmentChange>({
    mutationKey: ['translations', 'alignment', translationId],
    mutationFn: (change) =>
      change.kind === 'pair'
        ? alignEntries(translationId, change.originalIds, change.translationIds)
        : change.kind === 'unpair'
          ? unalignEntries(translationId, change.answerIds)
          : resetAlignment(translationId),
    onSuccess: (alignment, change) => {
      queryClient.setQueryData(['answers', 'translationAlignment', translationId], alignment);
      notify(describe(change), { type: 'success' });
    },
    onError: (error) => notify(`The alignment was not changed: ${errorMessage(error)}`, { type: 'error' }),
    onSettled: () =>
      queryClient.invalidateQueries({ queryKey: ['answers', 'translationAlignment', translationId] }),
  });
}

/** "Mark done": the entry's translation is up to date with the change in `language`. */
export function useMarkTranslationDone(translationId: string) {
  const queryClient = useQueryClient();
  const notify = useNotify();
  return useMutation<unknown, unknown, { answerId: string; position: number; language: string }>({
    mutationFn: ({ answerId, language }) => markTranslationDone(answerId, language),
    onSuccess: (_answer, { position }) => notify(`Entry ${position} marked done`, { type: 'success' }),
    onError: (error) => notify(`Not marked done: ${errorMessage(error)}`, { type: 'error' }),
    onSettled: () =>
      queryClient.invalidateQueries({ queryKey: ['answers', 'translationAlignment', translationId] }),
  });
}
