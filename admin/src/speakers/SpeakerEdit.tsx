import { Create, SimpleForm, TextInput, required } from 'react-admin';
import { KEEP_EDITS_ON_REFETCH, VersionedEdit, VersionedEditToolbar } from '../shared/VersionedEdit';

function SpeakerForm({ create }: { create?: boolean }) {
  return (
    <>
      <TextInput source="name" validate={required()} fullWidth />
      <TextInput source="title" label="Title or role" fullWidth />
      <TextInput source="organization" fullWidth />
      <TextInput source="bio" multiline minRows={3} fullWidth />
      <TextInput
        source="slug"
        fullWidth
        helperText={create ? 'Leave empty to derive it from the name' : undefined}
      />
    </>
  );
}

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

export function SpeakerCreate() {
  return (
    <Create redirect="show">
      <SimpleForm>
        <SpeakerForm create />
      </SimpleForm>
    </Create>
  );
}
