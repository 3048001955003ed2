import { useCallback, useEffect, useRef, useState } from 'react';
import { useSession } from './session.tsx';

export interface QueryState<T> {
  data: T | null;
  error: unknown;
  loading: boolean;
  /** Fetches again; the current data stays on screen meanwhile. */
  reload(): void;
}

/** Runs a query with the session's key whenever the query or its variables change. */
export function useQuery<T>(query: string, variables?: Record<string, unknown>, options: { skip?: boolean } = {}): QueryState<T> {
  const session = useSession();
  const [state, setState] = useState<{ data: T | null; error: unknown; loading: boolean }>({ data: null, error: null, loading: !options.skip });
  const [tick, setTick] = useState(0);
  const varsKey = JSON.stringify(variables ?? {});
  const skip = options.skip ?? false;

  useEffect(() => {
    if (skip) {
      setState({ data: null, error: null, loading: false });
      return;
    }
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true, error: null }));
    session
      .request<T>(query, JSON.parse(varsKey) as Record<string, unknown>, { signal: controller.signal })
      .then((data) => {
        if (!controller.signal.aborted) setState({ data, error: null, loading: false });
      })
      .catch((error: unknown) => {
        if (!controller.signal.aborted) setState((s) => ({ data: s.data, error, loading: false }));
      });
    return () => controller.abort();
  }, [session, query, varsKey, skip, tick]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}

/** A mutation's lifecycle: run() resolves with the data or rejects; `error` keeps the last failure. */
export function useMutation<T, V extends Record<string, unknown> = Record<string, unknown>>(mutation: string) {
  const session = useSession();
  const [state, setState] = useState<{ running: boolean; error: unknown; data: T | null }>({ running: false, error: null, data: null });
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  const run = useCallback(
    async (variables: V): Promise<T> => {
      setState({ running: true, error: null, data: null });
      try {
        const data = await session.request<T>(mutation, variables);
        if (mounted.current) setState({ running: false, error: null, data });
        return data;
      } catch (error) {
        if (mounted.current) setState({ running: false, error, data: null });
        throw error;
      }
    },
    [session, mutation],
  );
  const reset = useCallback(() => setState({ running: false, error: null, data: null }), []);
  return { ...state, run, reset };
}

/** Value that only changes after `delay` ms without changes. */
export function useDebounced<T>(value: T, delay: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delay);
    return () => clearTimeout(timer);
  }, [value, delay]);
  return debounced;
}

export function useDocumentTitle(title: string) {
  useEffect(() => {
    document.title = title ? `${title} · ModelGraph console` : 'ModelGraph console';
  }, [title]);
}
