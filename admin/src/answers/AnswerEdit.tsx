import {
  AutocompleteInput,
  Create,
  NumberField,
  NumberInput,
  ReferenceField,
  ReferenceInput,
  SelectInput,
  SimpleForm,
  TextInput,
  required,
  useGetOne,
  Labeled,
} from 'react-admin';
import { useWatch } from 'react-hook-form';
import { KEEP_EDITS_ON_REFETCH, VersionedEdit, VersionedEditToolbar } from '../shared/VersionedEdit';
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

function AnswerFields() {
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

export function AnswerEdit() {
  return (
    <VersionedEdit>
      <SimpleForm
        warnWhenUnsavedChanges
        resetOptions={KEEP_EDITS_ON_REFETCH}
        toolbar={
          <VersionedEditToolbar labels={{ text: 'Answer', question: 'Question', section: 'Section' }} />
        }
      >
        <Labeled label="Interview">
          <ReferenceField source="interview_id" reference="interviews" link="show" />
        </Labeled>
        <Labeled label="Position">
          <NumberField source="position" />
        </Labeled>
        <AnswerFields />
      </SimpleForm>
    </VersionedEdit>
  );
}

export function AnswerCreate() {
  return (
    <Create redirect="show">
      <SimpleForm>
        <ReferenceInput source="interview_id" reference="interviews">
          <AutocompleteInput label="Interview" optionText="title" validate={required()} />
        </ReferenceInput>
        <NumberInput
          source="position"
          helperText="Where to insert (1 = first); at the end when empty"
          min={1}
        />
        <AnswerFields />
      </SimpleForm>
    </Create>
  );
}
