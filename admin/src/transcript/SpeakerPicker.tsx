import { useMemo, useState } from 'react';
import { useCreate, useGetList, useNotify } from 'react-admin';
import { Autocomplete, createFilterOptions, TextField } from '@mui/material';
import { errorMessage } from '../graphql/errors';
import type { Speaker } from '../types';

interface SpeakerOption {
  id: string;
  name: string;
  /** Set on the "Add …" option: the name of a speaker to create. */
  newName?: string;
}

const filter = createFilterOptions<SpeakerOption>();

/**
 * Picks a person by name, with suggestions from the speakers as typed; a name nobody has yet is offered as
 * "Add …", created through the usual createSpeaker. `onChange` gets the chosen id (null: nobody).
 */
export function SpeakerPicker({
  label,
  speakerId,
  speakerNames,
  onChange,
  onCreated,
  disabled,
}: {
  label: string;
  speakerId: string | null;
  speakerNames: Map<string, string>;
  onChange(speakerId: string | null): void;
  onCreated(speaker: { id: string; name: string }): void;
  disabled?: boolean;
}) {
  const notify = useNotify();
  const [input, setInput] = useState('');
  const [open, setOpen] = useState(false);
  const [create, { isPending: creating }] = useCreate<Speaker>();
  const typed = input.trim();
  const suggestions = useGetList<Speaker>(
    'speakers',
    {
      filter: typed ? { q: typed } : {},
      pagination: { page: 1, perPage: 20 },
      sort: { field: 'name', order: 'ASC' },
    },
    { enabled: open, placeholderData: (previous) => previous },
  );
  const speakerName = speakerId ? (speakerNames.get(speakerId) ?? 'Unknown speaker') : null;
  // The same object while the choice stands: a new one would reset what the editor is typing.
  const value: SpeakerOption | null = useMemo(
    () => (speakerId && speakerName ? { id: speakerId, name: speakerName } : null),
    [speakerId, speakerName],
  );
  const options: SpeakerOption[] = (suggestions.data ?? []).map((speaker) => ({
    id: speaker.id,
    name: speaker.name,
  }));

  const choose = (option: SpeakerOption | null) => {
    if (!option) {
      onChange(null);
      return;
    }
    if (!option.newName) {
      onCreated({ id: option.id, name: option.name });
      onChange(option.id);
      return;
    }
    const name = option.newName;
    create(
      'speakers',
      { data: { name } },
      {
        onSuccess: (speaker) => {
          onCreated({ id: speaker.id, name: speaker.name });
          onChange(speaker.id);
          notify(`Speaker "${speaker.name}" added`, { type: 'success' });
        },
        onError: (error) => notify(`"${name}" was not added: ${errorMessage(error)}`, { type: 'error' }),
      },
    );
  };

  return (
    <Autocomplete<SpeakerOption>
      size="small"
      sx={{ minWidth: 200, flex: 1 }}
      value={value}
      options={options}
      open={open}
      onOpen={() => setOpen(true)}
      onClose={() => setOpen(false)}
      loading={suggestions.isFetching}
      disabled={disabled || creating}
      inputValue={input}
      onInputChange={(_event, text) => setInput(text)}
      getOptionLabel={(option) => (option.newName ? `Add "${option.newName}"` : option.name)}
      isOptionEqualToValue={(option, chosen) => option.id === chosen.id}
      filterOptions={(available, state) => {
        const filtered = filter(available, state);
        const name = state.inputValue.trim();
        const known = available.some((option) => option.name.toLowerCase() === name.toLowerCase());
        if (name && !known && name !== value?.name) {
          filtered.push({ id: `new:${name}`, name, newName: name });
        }
        return filtered;
      }}
      onChange={(_event, option) => choose(option)}
      renderInput={(params) => <TextField {...params} label={label} />}
    />
  );
}
