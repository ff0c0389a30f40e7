import { lazy } from 'react';
import SpeakerIcon from '@mui/icons-material/Person';

export default {
  list: lazy(() => import('./SpeakerList').then((m) => ({ default: m.SpeakerList }))),
  show: lazy(() => import('./SpeakerShow').then((m) => ({ default: m.SpeakerShow }))),
  edit: lazy(() => import('./SpeakerEdit').then((m) => ({ default: m.SpeakerEdit }))),
  create: lazy(() => import('./SpeakerCreate').then((m) => ({ default: m.SpeakerCreate }))),
  icon: SpeakerIcon,
  recordRepresentation: 'name',
};
