import { Create, SimpleForm } from 'react-admin';
import { cleanInterview, InterviewForm } from './InterviewForm';

export function InterviewCreate() {
  return (
    <Create transform={cleanInterview} redirect="show">
      <SimpleForm defaultValues={{ status: 'DRAFT', language: 'en', sections: [] }}>
        <InterviewForm create />
      </SimpleForm>
    </Create>
  );
}
