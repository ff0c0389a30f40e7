import { lazy } from 'react';
import UserIcon from '@mui/icons-material/ManageAccounts';

/** User management: registered for admins only (see App). */
export default {
  list: lazy(() => import('./UserList').then((m) => ({ default: m.UserList }))),
  show: lazy(() => import('./UserShow').then((m) => ({ default: m.UserShow }))),
  edit: lazy(() => import('./UserEdit').then((m) => ({ default: m.UserEdit }))),
  create: lazy(() => import('./UserCreate').then((m) => ({ default: m.UserCreate }))),
  icon: UserIcon,
  recordRepresentation: (r: { name?: string; email: string }) => r.name || r.email,
};
