import { SimpleForm } from 'react-admin';
import { KEEP_EDITS_ON_REFETCH, VersionedEdit, VersionedEditToolbar } from '../shared/VersionedEdit';
import { SpeakerForm } from './SpeakerForm';

export function SpeakerEdit() {
  return (
    <VersionedEdit>
      <SimpleForm
        warnWhenUnsavedChanges
        resetOptions={KEEP_EDITS_ON_REFETCH}
        toolbar={
          <VersionedEditToolbar
            labels={{ name: 'Name', bio: 'Bio', title: 'Title', organization: 'Organization', slug: 'Slug' }}
          />
        }
      >
        <SpeakerForm />
      </SimpleForm>
    </VersionedEdit>
  );
}
