import SpeakerIcon from '@mui/icons-material/Person';
import { SpeakerCreate } from './SpeakerCreate';
import { SpeakerEdit } from './SpeakerEdit';
import { SpeakerList } from './SpeakerList';
import { SpeakerShow } from './SpeakerShow';

export default {
  list: SpeakerList,
  show: SpeakerShow,
  edit: SpeakerEdit,
  create: SpeakerCreate,
  icon: SpeakerIcon,
  recordRepresentation: 'name',
};
