import InterviewIcon from '@mui/icons-material/RecordVoiceOver';
import { InterviewCreate } from './InterviewCreate';
import { InterviewEdit } from './InterviewEdit';
import { InterviewList } from './InterviewList';
import { InterviewShow } from './InterviewShow';

export default {
  list: InterviewList,
  show: InterviewShow,
  edit: InterviewEdit,
  create: InterviewCreate,
  icon: InterviewIcon,
  recordRepresentation: 'title',
};
