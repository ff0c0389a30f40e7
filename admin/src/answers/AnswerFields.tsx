import { AutocompleteInput, ReferenceInput, SelectInput, TextInput, required, useGetOne } from 'react-admin';
import { useWatch } from 'react-hook-form';
import type { Interview } from '../types';

/** Sections come from the interview: an entry may only use one of its sections. */
function SectionInput() {
  const interviewId = useWatch({ name: 'interview_id' }) as string | undefined;
  const { data: interview } = useGetOne<Interview>(
    'interviews',
    { id: interviewId ?? '' },
    { enabled: !!interviewId },
  );
  const choices = (interview?.sections ?? []).map((s) => ({ id: s, name: s }));
  return (
    <SelectInput
      source="section"
      choices={choices}
      emptyText="(no section)"
      parse={(v: string) => (v === '' ? null : v)}
      helperText={choices.length ? undefined : 'This interview has no sections'}
    />
  );
}

/** The fields an entry's edit and create forms share. */
export function AnswerFields() {
  return (
    <>
      <SectionInput />
      <ReferenceInput source="questioner_id" reference="speakers">
        <AutocompleteInput label="Asked by" optionText="name" />
      </ReferenceInput>
      <TextInput source="question" multiline minRows={2} fullWidth validate={required()} />
      <ReferenceInput source="speaker_id" reference="speakers">
        <AutocompleteInput label="Answered by" optionText="name" />
      </ReferenceInput>
      <TextInput source="text" label="Answer" multiline minRows={6} fullWidth validate={required()} />
    </>
  );
}
