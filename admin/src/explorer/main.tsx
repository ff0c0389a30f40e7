/**
 * The API explorer served at GET /graphql: GraphiQL bundled with the service (its editor's workers included),
 * so it works offline and reports nothing anywhere. On the service's own origin it shares the admin's
 * localStorage, so a logged-in editor's queries carry their token (see ./sessionFetch).
 */
import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import './explorer.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GRAPHQL_PATH } from '../graphql/request';
import { readSession, token } from '../graphql/session';
import { fetchWithSession } from './sessionFetch';

const websocketUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${GRAPHQL_PATH}`;

const fetcher = createGraphiQLFetcher({
  url: GRAPHQL_PATH,
  subscriptionUrl: websocketUrl,
  fetch: fetchWithSession,
  wsConnectionParams: () => {
    const bearer = token();
    return bearer ? { authorization: `Bearer ${bearer}` } : {};
  },
});

const DEFAULT_QUERY = `# Published interviews, newest first. Log in to the admin (/admin/) and reload to query as an editor.
query Interviews {
  interviews(first: 5) {
    edges {
      node {
        title
        slug
        language
      }
    }
  }
}
`;

function Explorer() {
  const session = readSession();
  return (
    <GraphiQL fetcher={fetcher} defaultQuery={DEFAULT_QUERY} isHeadersEditorEnabled>
      <GraphiQL.Logo>
        <span data-testid="explorer-identity">
          {session ? `Transcripts API — as ${session.user.email}` : 'Transcripts API — as a reader'}
        </span>
      </GraphiQL.Logo>
    </GraphiQL>
  );
}

const root = document.getElementById('explorer');
if (!root) throw new Error('explorer.html has no #explorer');
createRoot(root).render(
  <StrictMode>
    <Explorer />
  </StrictMode>,
);
