import { lazy, Suspense, type ReactNode } from 'react';
import { Admin, CustomRoutes, Loading, Resource, useAuthState } from 'react-admin';
import { Route } from 'react-router-dom';
import { authProvider } from './authProvider';
import { dataProvider } from './dataProvider';
import { i18nProvider } from './i18nProvider';
import { theme } from './theme';
import interviews from './interviews';
import speakers from './speakers';
import answers from './answers';
import revisions from './revisions';
import users from './users';
import type { Role } from './types';

/**
 * Everything past the login page loads with its route, so the login page is interactive from a small bundle
 * (the resources' views are lazy in their index.ts; react-admin's layout suspends around its pages).
 */
const Dashboard = lazy(() => import('./layout/Dashboard').then((m) => ({ default: m.Dashboard })));
const LazyLayout = lazy(() => import('./layout/Layout').then((m) => ({ default: m.Layout })));
const TranscriptEditor = lazy(() =>
  import('./transcript/TranscriptEditor').then((m) => ({ default: m.TranscriptEditor })),
);
const ImportPage = lazy(() => import('./import/ImportPage').then((m) => ({ default: m.ImportPage })));
const SearchPage = lazy(() => import('./search/SearchPage').then((m) => ({ default: m.SearchPage })));
const ReaderPreview = lazy(() =>
  import('./interviews/ReaderPreview').then((m) => ({ default: m.ReaderPreview })),
);
const TranslationView = lazy(() =>
  import('./translations/TranslationView').then((m) => ({ default: m.TranslationView })),
);

/**
 * The app shell (app bar, menu, live updates) only for someone logged in: react-admin renders the layout
 * before its pages check the session, which would load the shell and open the live socket on the way to
 * the login page. Not logged in, this sends the visitor there (silently: see authProvider.checkAuth).
 */
function Layout({ children }: { children: ReactNode }) {
  const { authenticated } = useAuthState(undefined, true);
  if (!authenticated) return <Loading />;
  return (
    <Suspense fallback={<Loading />}>
      <LazyLayout>{children}</LazyLayout>
    </Suspense>
  );
}

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
            <Route path="/interviews/:id/preview" element={<ReaderPreview />} />
            <Route path="/interviews/:id/translations" element={<TranslationView />} />
            <Route path="/import" element={<ImportPage />} />
            <Route path="/search" element={<SearchPage />} />
          </CustomRoutes>
        </>
      )}
    </Admin>
  );
}
