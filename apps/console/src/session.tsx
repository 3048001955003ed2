// The signed-in API key: kept in sessionStorage (this tab) or, with "remember me", in localStorage.
// Verified with `me` before use; an UNAUTHENTICATED answer anywhere signs the user out.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { createClient, type Client } from 'graphql-ws';
import { ApiError, request as rawRequest, websocketUrl, type RequestOptions } from './api/graphql.ts';

export const STORAGE_KEY = 'modelgraph.console.apiKey';

export interface Viewer {
  tenant: { id: string; name: string; createdAt: string } | null;
  apiKey: { id: string; name: string; prefix: string; scopes: string[]; expiresAt: string | null } | null;
  scopes: string[];
  isOperator: boolean;
}

export const ME_QUERY = /* GraphQL */ `
  query ConsoleMe {
    me {
      tenant { id name createdAt }
      apiKey { id name prefix scopes expiresAt }
      scopes
      isOperator
    }
  }
`;

/** Optional parts of the API (fields being added), checked with introspection so that the console
 *  never sends a query the server would reject as invalid. */
export const CAPABILITIES_QUERY = /* GraphQL */ `
  query ConsoleCapabilities {
    query: __type(name: "Query") { fields { name } }
    mutation: __type(name: "Mutation") { fields { name } }
    model: __type(name: "Model") { fields { name } }
    modelVersion: __type(name: "ModelVersion") { fields { name } }
  }
`;

export class Capabilities {
  private readonly fields: Set<string>;
  constructor(fields: Iterable<string> = []) {
    this.fields = new Set(fields);
  }
  /** e.g. has('Query.usage') */
  has(field: string): boolean {
    return this.fields.has(field);
  }
  static fromIntrospection(data: Record<string, { fields: { name: string }[] | null } | null>): Capabilities {
    const typeNames: Record<string, string> = { query: 'Query', mutation: 'Mutation', model: 'Model', modelVersion: 'ModelVersion' };
    const out: string[] = [];
    for (const [alias, type] of Object.entries(data)) {
      for (const field of type?.fields ?? []) out.push(`${typeNames[alias] ?? alias}.${field.name}`);
    }
    return new Capabilities(out);
  }
}

export interface Session {
  key: string;
  viewer: Viewer;
  capabilities: Capabilities;
  request<T>(query: string, variables?: Record<string, unknown>, options?: RequestOptions): Promise<T>;
  /** The shared graphql-ws client (created on first use, closed on log out). */
  ws(): Client;
}

type Status = { state: 'checking' } | { state: 'signedOut'; notice?: string } | { state: 'signedIn'; session: Session };

interface SessionContextValue {
  status: Status;
  login(key: string, remember: boolean): Promise<void>;
  logout(notice?: string): void;
}

const SessionContext = createContext<SessionContextValue | null>(null);

function readStoredKey(): { key: string; remember: boolean } | null {
  try {
    const session = window.sessionStorage.getItem(STORAGE_KEY);
    if (session) return { key: session, remember: false };
    const local = window.localStorage.getItem(STORAGE_KEY);
    if (local) return { key: local, remember: true };
  } catch {
    // Storage disabled: the user signs in each time.
  }
  return null;
}

function storeKey(key: string | null, remember: boolean) {
  try {
    window.sessionStorage.removeItem(STORAGE_KEY);
    window.localStorage.removeItem(STORAGE_KEY);
    if (key) (remember ? window.localStorage : window.sessionStorage).setItem(STORAGE_KEY, key);
  } catch {
    // ignore: see readStoredKey
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<Status>(() => (readStoredKey() ? { state: 'checking' } : { state: 'signedOut' }));
  const wsRef = useRef<Client | null>(null);
  const generation = useRef(0);

  const closeWs = useCallback(() => {
    const client = wsRef.current;
    wsRef.current = null;
    if (client) void client.dispose();
  }, []);

  const logout = useCallback(
    (notice?: string) => {
      generation.current += 1;
      storeKey(null, false);
      closeWs();
      setStatus(notice ? { state: 'signedOut', notice } : { state: 'signedOut' });
    },
    [closeWs],
  );

  const open = useCallback(
    async (key: string, remember: boolean): Promise<void> => {
      const mine = ++generation.current;
      const me = await rawRequest<{ me: Viewer }>(key, ME_QUERY);
      let capabilities = new Capabilities();
      try {
        capabilities = Capabilities.fromIntrospection(await rawRequest(key, CAPABILITIES_QUERY));
      } catch {
        // Without introspection the optional pages show their "not available" state.
      }
      if (mine !== generation.current) return;
      storeKey(key, remember);
      closeWs();
      const session: Session = {
        key,
        viewer: me.me,
        capabilities,
        async request<T>(query: string, variables?: Record<string, unknown>, options?: RequestOptions) {
          try {
            return await rawRequest<T>(key, query, variables, options);
          } catch (error) {
            if (error instanceof ApiError && error.code === 'UNAUTHENTICATED' && mine === generation.current) {
              logout('Your API key is no longer valid (revoked or expired). Sign in with another key.');
            }
            throw error;
          }
        },
        ws() {
          if (!wsRef.current) {
            wsRef.current = createClient({
              url: websocketUrl(),
              connectionParams: { authorization: `Bearer ${key}` },
              lazy: true,
              retryAttempts: 5,
              // 4401: the key was refused; retrying with the same key cannot help.
              shouldRetry: (event) => !(event && typeof event === 'object' && 'code' in event && (event as CloseEvent).code === 4401),
            });
          }
          return wsRef.current;
        },
      };
      setStatus({ state: 'signedIn', session });
    },
    [closeWs, logout],
  );

  useEffect(() => {
    const stored = readStoredKey();
    if (!stored) return;
    let cancelled = false;
    open(stored.key, stored.remember).catch((error: unknown) => {
      if (cancelled) return;
      storeKey(null, false);
      const notice =
        error instanceof ApiError && error.code === 'UNAUTHENTICATED'
          ? 'Your saved API key is no longer valid. Sign in again.'
          : `Could not verify your saved key: ${(error as Error).message}`;
      setStatus({ state: 'signedOut', notice });
    });
    return () => {
      cancelled = true;
      generation.current += 1;
    };
  }, [open]);

  useEffect(() => closeWs, [closeWs]);

  const value = useMemo<SessionContextValue>(() => ({ status, login: open, logout }), [status, open, logout]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSessionContext(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSessionContext outside SessionProvider');
  return value;
}

/** The signed-in session (pages render only when signed in). */
export function useSession(): Session {
  const { status } = useSessionContext();
  if (status.state !== 'signedIn') throw new Error('useSession requires a signed-in session');
  return status.session;
}
