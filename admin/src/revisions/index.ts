import { lazy } from 'react';
import HistoryIcon from '@mui/icons-material/History';

/** Read-only: history is written by the service with every change. */
export default {
  list: lazy(() => import('./RevisionList').then((m) => ({ default: m.RevisionList }))),
  show: lazy(() => import('./RevisionShow').then((m) => ({ default: m.RevisionShow }))),
  icon: HistoryIcon,
  recordRepresentation: (r: { entity: string; action: string; version: number }) =>
    `${r.entity} ${r.action.toLowerCase()} v${r.version}`,
};
