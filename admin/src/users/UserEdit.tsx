import { PasswordInput, SelectInput, SimpleForm, TextInput, email, required } from 'react-admin';
import { KEEP_EDITS_ON_REFETCH, VersionedEdit, VersionedEditToolbar } from '../shared/VersionedEdit';
import { ROLE_CHOICES } from './roles';
import { passwordPolicy } from './passwordPolicy';

const dropEmptyPassword = (data: Record<string, unknown>) => {
  const { password, ...rest } = data;
  return typeof password === 'string' && password ? { ...rest, password } : rest;
};

export function UserEdit() {
  return (
    <VersionedEdit transform={dropEmptyPassword}>
      <SimpleForm
        warnWhenUnsavedChanges
        resetOptions={KEEP_EDITS_ON_REFETCH}
        toolbar={<VersionedEditToolbar labels={{ email: 'Email', name: 'Name', role: 'Role' }} />}
      >
        <TextInput source="email" type="email" validate={[required(), email()]} fullWidth />
        <TextInput source="name" fullWidth />
        <SelectInput source="role" choices={ROLE_CHOICES} validate={required()} />
        <PasswordInput
          source="password"
          label="New password"
          helperText="Leave empty to keep the current password"
          validate={passwordPolicy}
          autoComplete="new-password"
        />
      </SimpleForm>
    </VersionedEdit>
  );
}
