import { TextInput, required } from 'react-admin';

/** The fields a speaker's edit and create forms share. */
export function SpeakerForm({ create }: { create?: boolean }) {
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
