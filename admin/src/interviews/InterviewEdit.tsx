import { SimpleForm } from 'react-admin';
import { KEEP_EDITS_ON_REFETCH, VersionedEdit, VersionedEditToolbar } from '../shared/VersionedEdit';
import { RecordTitle, TranscriptButton } from '../shared/fields';
import { cleanInterviewEdit, InterviewForm } from './InterviewForm';

const LABELS = {
  title: 'Title',
  summary: 'Summary',
  intro: 'Introduction',
  sections: 'Sections',
  boilerplate: 'Boilerplate',
};

export function InterviewEdit() {
  return (
    <VersionedEdit
      transform={cleanInterviewEdit}
      title={<RecordTitle source="title" prefix="Edit: " />}
      actions={<TranscriptButton sx={{ alignSelf: 'flex-end' }} />}
    >
      <SimpleForm
        warnWhenUnsavedChanges
        resetOptions={KEEP_EDITS_ON_REFETCH}
        toolbar={<VersionedEditToolbar labels={LABELS} />}
      >
        <InterviewForm />
      </SimpleForm>
    </VersionedEdit>
  );
}
