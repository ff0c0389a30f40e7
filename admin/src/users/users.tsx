import {
  Create,
  Datagrid,
  DateField,
  EmailField,
  List,
  PasswordInput,
  SearchInput,
  SelectField,
  SelectInput,
  Show,
  SimpleForm,
  SimpleList,
  SimpleShowLayout,
  TextField,
  TextInput,
  email,
  minLength,
  required,
} from 'react-admin';
import { KEEP_EDITS_ON_REFETCH, VersionedEdit, VersionedEditToolbar } from '../shared/VersionedEdit';
import { useIsSmall } from '../shared/fields';
import type { User } from '../types';

export const ROLE_CHOICES = [
  { id: 'EDITOR', name: 'Editor' },
  { id: 'ADMIN', name: 'Admin' },
];

const filters = [
  <SearchInput
    key="q"
    source="q"
    alwaysOn
    placeholder="Search users"
    slotProps={{ htmlInput: { 'aria-label': 'Search users' } }}
  />,
  <SelectInput key="role" source="role" choices={ROLE_CHOICES} alwaysOn />,
];

export function UserList() {
  const small = useIsSmall();
  return (
    <List<User> filters={filters} sort={{ field: 'email', order: 'ASC' }}>
      {small ? (
        <SimpleList<User>
          primaryText={(r) => r.name || r.email}
          secondaryText={(r) => `${r.email} · ${r.role}`}
          linkType="show"
        />
      ) : (
        <Datagrid rowClick="show" bulkActionButtons={false}>
          <EmailField source="email" />
          <TextField source="name" />
          <SelectField source="role" choices={ROLE_CHOICES} />
          <DateField source="createdAt" label="Created" />
        </Datagrid>
      )}
    </List>
  );
}

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
          validate={minLength(8)}
          autoComplete="new-password"
        />
      </SimpleForm>
    </VersionedEdit>
  );
}

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
