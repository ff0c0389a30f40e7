import { DateField, EmailField, SelectField, Show, SimpleShowLayout, TextField } from 'react-admin';
import { ROLE_CHOICES } from './roles';

export function UserShow() {
  return (
    <Show>
      <SimpleShowLayout>
        <EmailField source="email" />
        <TextField source="name" />
        <SelectField source="role" choices={ROLE_CHOICES} />
        <DateField source="createdAt" showTime />
        <DateField source="updatedAt" showTime />
      </SimpleShowLayout>
    </Show>
  );
}
