import { lazy } from 'react';
import InterviewIcon from '@mui/icons-material/RecordVoiceOver';

export default {
  list: lazy(() => import('./InterviewList').then((m) => ({ default: m.InterviewList }))),
  show: lazy(() => import('./InterviewShow').then((m) => ({ default: m.InterviewShow }))),
  edit: lazy(() => import('./InterviewEdit').then((m) => ({ default: m.InterviewEdit }))),
  create: lazy(() => import('./InterviewCreate').then((m) => ({ default: m.InterviewCreate }))),
  icon: InterviewIcon,
  recordRepresentation: 'title',
};
