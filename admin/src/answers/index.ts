import AnswerIcon from '@mui/icons-material/QuestionAnswer';
import { AnswerCreate } from './AnswerCreate';
import { AnswerEdit } from './AnswerEdit';
import { AnswerList } from './AnswerList';
import { AnswerShow } from './AnswerShow';

export default {
  list: AnswerList,
  show: AnswerShow,
  edit: AnswerEdit,
  create: AnswerCreate,
  icon: AnswerIcon,
  recordRepresentation: (r: { position: number; question: string }) =>
    `#${r.position} ${r.question.length > 60 ? `${r.question.slice(0, 60)}…` : r.question}`,
};
