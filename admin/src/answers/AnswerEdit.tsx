import { Labeled, NumberField, ReferenceField, SimpleForm } from 'react-admin';
import { KEEP_EDITS_ON_REFETCH, VersionedEdit, VersionedEditToolbar } from '../shared/VersionedEdit';
import { AnswerFields } from './AnswerFields';

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
