import { useIsMutating, useMutation } from '@tanstack/react-query';
import { useNotify } from 'react-admin';
import { errorCode, errorMessage } from '../graphql/errors';
import { useRefreshTranscript } from './useTranscript';

const STRUCTURE_CHANGE = ['transcript', 'structure-change'];

/**
 * Whether a move, split, merge or restore is under way. They wait for each other: each changes the
 * positions or versions the next one would be sent with.
 */
export function useStructureChangeBusy(): boolean {
  return useIsMutating({ mutationKey: STRUCTURE_CHANGE }) > 0;
}

/**
 * A change to the transcript's structure (move, split, merge, restore): `run` performs it and returns
 * the success message; `describe` names it for the error ("Moving entry 3"). The transcript is refetched
 * afterwards either way, and the change counts as under way until it has been.
 */
export function useStructureChange<Variables>({
  describe,
  run,
}: {
  describe(variables: Variables): string;
  run(variables: Variables): Promise<string>;
}) {
  const notify = useNotify();
  const refresh = useRefreshTranscript();
  return useMutation<string, unknown, Variables>({
    mutationKey: STRUCTURE_CHANGE,
    mutationFn: run,
    onSuccess: (message) => notify(message, { type: 'success' }),
    onError: (error, variables) =>
      notify(
        errorCode(error) === 'CONFLICT'
          ? `${describe(variables)}: someone else changed this entry meanwhile; the page is up to date now, try again`
          : `${describe(variables)} failed: ${errorMessage(error)}`,
        { type: 'error' },
      ),
    onSettled: () => refresh(),
  });
}
