import { Menu as RaMenu } from 'react-admin';
import UploadFileIcon from '@mui/icons-material/UploadFile';

export function Menu() {
  return (
    <RaMenu>
      <RaMenu.DashboardItem />
      <RaMenu.ResourceItems />
      <RaMenu.Item to="/import" primaryText="Import transcript" leftIcon={<UploadFileIcon />} />
    </RaMenu>
  );
}
