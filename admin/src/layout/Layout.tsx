import type { ReactNode } from 'react';
import {
  AppBar,
  Layout as RaLayout,
  LoadingIndicator,
  TitlePortal,
  useGetIdentity,
  usePermissions,
  UserMenu,
} from 'react-admin';
import { Box, Chip, Tooltip } from '@mui/material';
import WifiTetheringIcon from '@mui/icons-material/WifiTethering';
import SyncIcon from '@mui/icons-material/Sync';
import { LiveUpdatesProvider, useLiveUpdates } from '../live/LiveUpdates';
import { ROLE_LABEL } from '../authProvider';
import type { Role } from '../types';
import { SearchBox } from '../search/SearchBox';
import { Menu } from './Menu';

function RoleChip() {
  const { permissions } = usePermissions<Role | null>();
  if (!permissions) return null;
  return (
    <Chip
      size="small"
      label={ROLE_LABEL[permissions]}
      aria-label={`Your role: ${ROLE_LABEL[permissions]}`}
      data-testid="role"
      sx={{ bgcolor: 'rgba(255,255,255,0.18)', color: 'inherit', mx: 0.5 }}
    />
  );
}

function LiveIndicator() {
  const { mode } = useLiveUpdates();
  const label =
    mode === 'live'
      ? 'Live: changes by others appear as they happen'
      : mode === 'polling'
        ? 'Checking for changes by others every few seconds'
        : 'Connecting to live updates…';
  return (
    <Tooltip title={label}>
      <Box
        role="status"
        aria-label={label}
        data-live-mode={mode}
        sx={{ display: 'flex', alignItems: 'center', mx: 0.5, opacity: mode === 'connecting' ? 0.5 : 0.9 }}
      >
        {mode === 'live' ? <WifiTetheringIcon fontSize="small" /> : <SyncIcon fontSize="small" />}
      </Box>
    </Tooltip>
  );
}

/**
 * The account menu's button shows the user's name, so its accessible name starts with it (WCAG 2.5.3, label
 * in name); react-admin's default, "Profile", is not what sighted users see.
 */
function AccountMenu() {
  const { identity } = useGetIdentity();
  return <UserMenu label={identity?.fullName ? `${identity.fullName}: account menu` : 'Account menu'} />;
}

function TopBar() {
  return (
    <AppBar
      color="primary"
      userMenu={<AccountMenu />}
      toolbar={
        <>
          <SearchBox />
          <LiveIndicator />
          <RoleChip />
          <LoadingIndicator />
        </>
      }
    >
      <TitlePortal />
    </AppBar>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  return (
    <LiveUpdatesProvider>
      <RaLayout appBar={TopBar} menu={Menu}>
        {children}
      </RaLayout>
    </LiveUpdatesProvider>
  );
}
