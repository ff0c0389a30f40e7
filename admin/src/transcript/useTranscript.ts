import { useCallback, useMemo } from 'react';
import { useGetList, useGetOne } from 'react-admin';
import { useQueryClient } from '@tanstack/react-query';
import type { Answer, Interview, Speaker } from '../types';

/**
 * The entry fields the editor shows and saves. Asked for by name: a whole transcript of every field an
 * Answer has (nested lists among them) would cost more than an operation may.
 */
const ENTRY_FIELDS = [
  'id',
  'interview_id',
  'position',
  'section',
  'question',
  'questioner_id',
  'text',
  'speaker_id',
  'continuation',
  'startTime',
  'endTime',
  'version',
  'createdAt',
  'updatedAt',
  'updatedBy',
];

/** The interview, its entries in order and the names of everyone who asks or answers in it. */
export function useTranscript(interviewId: string) {
  const interviewQuery = useGetOne<Interview>('interviews', { id: interviewId }, { enabled: !!interviewId });
  const answersQuery = useGetList<Answer>('answers', {
    filter: { interview_id: interviewId },
    sort: { field: 'position', order: 'ASC' },
    pagination: { page: 1, perPage: 1000 },
    meta: { sparseFields: ENTRY_FIELDS },
  });
  const interview = interviewQuery.data;
  const answers = useMemo(() => answersQuery.data ?? [], [answersQuery.data]);

  const speakerIds = useMemo(() => {
    const ids = new Set<string>(interview?.speaker_ids ?? []);
    for (const a of answers) {
      if (a.speaker_id) ids.add(a.speaker_id);
      if (a.questioner_id) ids.add(a.questioner_id);
    }
    return [...ids].sort();
  }, [answers, interview?.speaker_ids]);
  const speakersQuery = useGetList<Speaker>(
    'speakers',
    {
      filter: { ids: speakerIds },
      pagination: { page: 1, perPage: 1000 },
      sort: { field: 'name', order: 'ASC' },
    },
    { enabled: speakerIds.length > 0 },
  );
  const speakerNames = useMemo(
    () => new Map((speakersQuery.data ?? []).map((s) => [s.id, s.name])),
    [speakersQuery.data],
  );

  return {
    interview,
    answers,
    speakerNames,
    error: interviewQuery.error ?? answersQuery.error,
    answersPending: answersQuery.isPending,
    answersFetching: answersQuery.isFetching,
  };
}

/** Refetches what a change to the transcript can touch: its entries, the interview, the history. */
export function useRefreshTranscript(): () => Promise<void> {
  const queryClient = useQueryClient();
  return useCallback(async () => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: ['answers'] }),
      queryClient.invalidateQueries({ queryKey: ['interviews'] }),
      queryClient.invalidateQueries({ queryKey: ['revisions'] }),
    ]);
  }, [queryClient]);
}
