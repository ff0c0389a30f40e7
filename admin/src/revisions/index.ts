import HistoryIcon from '@mui/icons-material/History';
import { RevisionList } from './RevisionList';
import { RevisionShow } from './RevisionShow';

/** Read-only: history is written by the service with every change. */
export default {
  list: RevisionList,
  show: RevisionShow,
  icon: HistoryIcon,
  recordRepresentation: (r: { entity: string; action: string; version: number }) =>
    `${r.entity} ${r.action.toLowerCase()} v${r.version}`,
};
