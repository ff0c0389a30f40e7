import {
  Create,
  PasswordInput,
  SelectInput,
  SimpleForm,
  TextInput,
  email,
  minLength,
  required,
} from 'react-admin';
import { ROLE_CHOICES } from './roles';

export function UserCreate() {
  return (
    <Create redirect="list">
      <SimpleForm defaultValues={{ role: 'EDITOR' }}>
        <TextInput source="email" type="email" validate={[required(), email()]} fullWidth />
        <TextInput source="name" fullWidth />
        <SelectInput source="role" choices={ROLE_CHOICES} validate={required()} />
        <PasswordInput source="password" validate={[required(), minLength(8)]} autoComplete="new-password" />
      </SimpleForm>
    </Create>
  );
}
