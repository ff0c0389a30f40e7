import { Create, SimpleForm } from 'react-admin';
import { SpeakerForm } from './SpeakerForm';

export function SpeakerCreate() {
  return (
    <Create redirect="show">
      <SimpleForm>
        <SpeakerForm create />
      </SimpleForm>
    </Create>
  );
}
