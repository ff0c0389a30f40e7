import { useDataProvider } from 'react-admin';
import ArrowUpwardIcon from '@mui/icons-material/ArrowUpward';
import ArrowDownwardIcon from '@mui/icons-material/ArrowDownward';
import type { AppDataProvider } from '../dataProvider';
import type { Answer } from '../types';
import { EntryActionButton } from './EntryActionButton';
import { useDraftActions } from './useEntryDrafts';
import { useStructureChange, useStructureChangeBusy } from './useStructureChange';

/**
 * Moves the entry one place up or down (moveAnswer with its version). Across a section boundary the
 * service gives it the section of its new place, and the message says so.
 */
export function MoveEntryButtons({
  answer,
  isFirst,
  isLast,
  disabled,
}: {
  answer: Answer;
  isFirst: boolean;
  isLast: boolean;
  disabled: boolean;
}) {
  const dataProvider = useDataProvider<AppDataProvider>();
  const drafts = useDraftActions();
  const busy = useStructureChangeBusy();
  const move = useStructureChange<{ answer: Answer; delta: -1 | 1 }>({
    describe: ({ answer }) => `Moving entry ${answer.position}`,
    run: async ({ answer, delta }) => {
      const moved = await drafts.ownChange(answer.id, async () => {
        const result = await dataProvider.moveAnswer(answer.id, answer.position + delta, answer.version);
        const changed = (result.section ?? null) !== (answer.section ?? null);
        // The move bumped the version: an open edit of this entry follows it, section included.
        drafts.update(answer.id, (d) =>
          d.baseVersion === answer.version
            ? {
                ...d,
                baseVersion: result.version,
                label: `entry ${result.position}`,
                ...(changed
                  ? {
                      base: { ...d.base, section: result.section },
                      section: d.section === d.base.section ? result.section : d.section,
                    }
                  : {}),
              }
            : d,
        );
        return result;
      });
      const sectionChanged = (moved.section ?? null) !== (answer.section ?? null);
      const moveMessage = `Entry ${answer.position} moved to position ${moved.position}`;
      return sectionChanged
        ? `${moveMessage}: now in section "${moved.section ?? 'none'}" (was "${answer.section ?? 'none'}")`
        : moveMessage;
    },
  });
  const n = answer.position;
  return (
    <>
      <EntryActionButton
        label={`Move entry ${n} up`}
        onClick={() => move.mutate({ answer, delta: -1 })}
        disabled={isFirst || busy || disabled}
      >
        <ArrowUpwardIcon fontSize="small" />
      </EntryActionButton>
      <EntryActionButton
        label={`Move entry ${n} down`}
        onClick={() => move.mutate({ answer, delta: 1 })}
        disabled={isLast || busy || disabled}
      >
        <ArrowDownwardIcon fontSize="small" />
      </EntryActionButton>
    </>
  );
}
