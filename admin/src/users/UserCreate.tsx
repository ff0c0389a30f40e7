import { Create, PasswordInput, SelectInput, SimpleForm, TextInput, email, required } from 'react-admin';
import { ROLE_CHOICES } from './roles';
import { passwordPolicy } from './passwordPolicy';

export function UserCreate() {
  return (
    <Create redirect="list">
      <SimpleForm defaultValues={{ role: 'EDITOR' }}>
        <TextInput source="email" type="email" validate={[required(), email()]} fullWidth />
        <TextInput source="name" fullWidth />
        <SelectInput source="role" choices={ROLE_CHOICES} validate={required()} />
        <PasswordInput
          source="password"
          validate={[required(), passwordPolicy]}
          autoComplete="new-password"
        />
      </SimpleForm>
    </Create>
  );
}
