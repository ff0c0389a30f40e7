import {
  Datagrid,
  DateField,
  EmailField,
  List,
  SearchInput,
  SelectField,
  SelectInput,
  SimpleList,
  TextField,
} from 'react-admin';
import { useIsSmall } from '../shared/fields';
import type { User } from '../types';
import { ROLE_CHOICES } from './roles';

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
