import UserIcon from '@mui/icons-material/ManageAccounts';
import { UserCreate, UserEdit, UserList, UserShow } from './users';

/** User management: registered for admins only (see App). */
export default {
  list: UserList,
  show: UserShow,
  edit: UserEdit,
  create: UserCreate,
  icon: UserIcon,
  recordRepresentation: (r: { name?: string; email: string }) => r.name || r.email,
};
