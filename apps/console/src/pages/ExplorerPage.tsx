// GraphiQL, bundled with the app (Monaco and its workers included: no CDN) and pre-authenticated:
// the fetcher adds the signed-in key to every request, so it never appears in the headers editor
// or in GraphiQL's saved state.
import { useMemo } from 'react';
import { GraphiQL } from 'graphiql';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import 'graphiql/style.css';
import '../lib/monaco-workers.ts';
import { graphqlUrl } from '../api/graphql.ts';
import { useSession } from '../session.tsx';
import { useDocumentTitle } from '../hooks.ts';

const DEFAULT_QUERY = `# ModelGraph API explorer, signed in with your key.
# Ctrl-Enter runs; the Docs panel lists every type.

query Me {
  me {
    tenant { name }
    apiKey { name prefix }
    scopes
  }
}
`;

export default function ExplorerPage() {
  const session = useSession();
  useDocumentTitle('GraphQL explorer');
  const fetcher = useMemo(
    () =>
      createGraphiQLFetcher({
        url: graphqlUrl(),
        headers: { authorization: `Bearer ${session.key}` },
        wsClient: session.ws(),
        enableIncrementalDelivery: false,
      }),
    [session],
  );
  return (
    <section className="explorer" aria-label="GraphQL explorer">
      <h1 className="visually-hidden" tabIndex={-1}>
        GraphQL explorer
      </h1>
      <GraphiQL fetcher={fetcher} defaultQuery={DEFAULT_QUERY} forcedTheme="light" />
    </section>
  );
}
