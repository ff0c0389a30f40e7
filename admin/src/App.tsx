import { Admin, CustomRoutes, Resource } from 'react-admin';
import { Route } from 'react-router-dom';
import { authProvider } from './authProvider';
import { dataProvider } from './dataProvider';
import { i18nProvider } from './i18nProvider';
import { Dashboard } from './layout/Dashboard';
import { Layout } from './layout/Layout';
import { theme } from './theme';
import interviews from './interviews';
import speakers from './speakers';
import answers from './answers';
import revisions from './revisions';
import users from './users';
import { TranscriptEditor } from './transcript/TranscriptEditor';
import { ImportPage } from './import/ImportPage';
import { SearchPage } from './search/SearchPage';
import { TranslationView } from './translations/TranslationView';
import type { Role } from './types';

/**
 * Custom routes: the transcript editor, a translation beside its original, the import and the search over
 * everything.
 *
 * Pages check authentication themselves (react-admin's views, and useAuthenticated in the custom pages)
 * rather than through <Admin requireAuth>: with a data router and role-dependent resources, requireAuth
 * makes react-admin bounce between its logout redirect and its permissions query for seconds.
 */
export function App() {
  return (
    <Admin
      title="Transcripts"
      dataProvider={dataProvider}
      authProvider={authProvider}
      i18nProvider={i18nProvider}
      layout={Layout}
      dashboard={Dashboard}
      theme={theme}
      disableTelemetry
    >
      {(permissions: Role | null) => (
        <>
          <Resource name="interviews" {...interviews} />
          <Resource name="answers" {...answers} />
          <Resource name="speakers" {...speakers} />
          <Resource name="revisions" {...revisions} />
          {permissions === 'ADMIN' ? <Resource name="users" {...users} /> : null}
          <CustomRoutes>
            <Route path="/interviews/:id/transcript" element={<TranscriptEditor />} />
            <Route path="/interviews/:id/translations" element={<TranslationView />} />
            <Route path="/import" element={<ImportPage />} />
            <Route path="/search" element={<SearchPage />} />
          </CustomRoutes>
        </>
      )}
    </Admin>
  );
}
