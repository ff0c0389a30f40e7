import { AutocompleteInput, Create, NumberInput, ReferenceInput, SimpleForm, required } from 'react-admin';
import { AnswerFields } from './AnswerFields';

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
