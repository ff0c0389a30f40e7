import { Menu as RaMenu } from 'react-admin';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import SearchIcon from '@mui/icons-material/Search';

export function Menu() {
  return (
    <RaMenu>
      <RaMenu.DashboardItem />
      <RaMenu.Item to="/search" primaryText="Search" leftIcon={<SearchIcon />} />
      <RaMenu.ResourceItems />
      <RaMenu.Item to="/import" primaryText="Import transcript" leftIcon={<UploadFileIcon />} />
    </RaMenu>
  );
}
