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
import { createGraphiQLFetcher, type Fetcher, type FetcherParams } from '@graphiql/toolkit';
import { Kind, parse } from 'graphql';
import { GRAPHQL_PATH } from '../graphql/request';
import { readSession, token } from '../graphql/session';
import { fetchWithSession } from './sessionFetch';

const websocketUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${GRAPHQL_PATH}`;

const sendToService = createGraphiQLFetcher({
  url: GRAPHQL_PATH,
  subscriptionUrl: websocketUrl,
  fetch: fetchWithSession,
  wsConnectionParams: () => {
    const bearer = token();
    return bearer ? { authorization: `Bearer ${bearer}` } : {};
  },
});

/**
 * GraphiQL reads the operation name from the editor after a short delay, so a query typed and run at once
 * can go out with the name of the operation it replaced, which the server refuses. The name is checked
 * against the document actually sent.
 */
function withCurrentOperationName(params: FetcherParams): FetcherParams {
  if (!params.operationName) return params;
  let names: (string | undefined)[];
  try {
    names = parse(params.query)
      .definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION)
      .map((operation) => operation.name?.value);
  } catch {
    return params; // the server answers a syntax error better than we can
  }
  if (names.includes(params.operationName)) return params;
  return { ...params, operationName: names.length === 1 ? (names[0] ?? null) : params.operationName };
}

const fetcher: Fetcher = (params, options) => sendToService(withCurrentOperationName(params), options);

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
