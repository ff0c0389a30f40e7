import { lazy } from 'react';
import AnswerIcon from '@mui/icons-material/QuestionAnswer';

export default {
  list: lazy(() => import('./AnswerList').then((m) => ({ default: m.AnswerList }))),
  show: lazy(() => import('./AnswerShow').then((m) => ({ default: m.AnswerShow }))),
  edit: lazy(() => import('./AnswerEdit').then((m) => ({ default: m.AnswerEdit }))),
  create: lazy(() => import('./AnswerCreate').then((m) => ({ default: m.AnswerCreate }))),
  icon: AnswerIcon,
  recordRepresentation: (r: { position: number; question: string }) =>
    `#${r.position} ${r.question.length > 60 ? `${r.question.slice(0, 60)}…` : r.question}`,
};
