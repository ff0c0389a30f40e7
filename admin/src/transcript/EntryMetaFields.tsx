import { MenuItem, Stack, TextField } from '@mui/material';
import type { Answer } from '../types';
import type { Draft } from './drafts';
import { useEntryChoices } from './entryChoices';
import { SpeakerPicker } from './SpeakerPicker';
import { useDraftActions } from './useEntryDrafts';

const NO_SECTION = '';

/**
 * An entry's section, questioner and speaker, changed inline: they become part of its draft and are saved
 * with its text (one versioned save, the same conflict handling). Nothing outside the transcript editor.
 */
export function EntryMetaFields({
  answer,
  draft,
  disabled,
}: {
  answer: Answer;
  draft: Draft | undefined;
  disabled: boolean;
}) {
  const choices = useEntryChoices();
  const actions = useDraftActions();
  if (!choices) return null;
  const n = answer.position;
  const section = draft?.section !== undefined ? draft.section : answer.section;
  const questionerId = draft?.questioner_id !== undefined ? draft.questioner_id : answer.questioner_id;
  const speakerId = draft?.speaker_id !== undefined ? draft.speaker_id : answer.speaker_id;
  // A section no longer listed on the interview still shows, so the field never hides what is stored.
  const sections =
    section && !choices.sections.includes(section) ? [...choices.sections, section] : choices.sections;
  return (
    <Stack
      direction={{ xs: 'column', md: 'row' }}
      sx={{ gap: 1, flex: 1, minWidth: { xs: '100%', md: 0 } }}
      role="group"
      aria-label={`Section and people of entry ${n}`}
    >
      <TextField
        select
        size="small"
        label="Section"
        value={section ?? NO_SECTION}
        disabled={disabled}
        onChange={(event) => actions.change(answer, 'section', event.target.value || null)}
        sx={{ minWidth: 160, flex: 1 }}
        slotProps={{ htmlInput: { 'data-testid': `section-${n}` } }}
      >
        <MenuItem value={NO_SECTION}>
          <em>No section</em>
        </MenuItem>
        {sections.map((name) => (
          <MenuItem key={name} value={name}>
            {name}
          </MenuItem>
        ))}
      </TextField>
      <SpeakerPicker
        label="Asked by"
        speakerId={questionerId}
        speakerNames={choices.speakerNames}
        disabled={disabled}
        onChange={(id) => actions.change(answer, 'questioner_id', id)}
        onCreated={(speaker) => choices.rememberSpeaker(speaker.id, speaker.name)}
      />
      <SpeakerPicker
        label="Answered by"
        speakerId={speakerId}
        speakerNames={choices.speakerNames}
        disabled={disabled}
        onChange={(id) => actions.change(answer, 'speaker_id', id)}
        onCreated={(speaker) => choices.rememberSpeaker(speaker.id, speaker.name)}
      />
    </Stack>
  );
}
