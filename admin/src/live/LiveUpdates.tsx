/**
 * Keeps open pages fresh while others edit: a graphql-ws subscription to `contentChanged` invalidates
 * react-admin's query cache (react-query), so lists, shows and the transcript editor refetch. When the
 * subscription is not available (no WebSocket, the service has none yet, a proxy drops it) the change
 * feed `recentChanges` is polled instead, with the same effect, until the socket is back.
 */
import { useQueryClient } from '@tanstack/react-query';
import { createClient, type Client } from 'graphql-ws';
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { operations } from '../graphql/operations';
import { GRAPHQL_PATH } from '../graphql/request';
import { token } from '../graphql/session';
import {
  changeFromRevision,
  CONTENT_CHANGED,
  invalidateAll,
  invalidateKeys,
  keysFor,
  type ContentChange,
} from './changes';

export type LiveMode = 'connecting' | 'live' | 'polling';

type Listener = (change: ContentChange) => void;

interface LiveContextValue {
  mode: LiveMode;
  /** Hears every change (after the caches were invalidated). */
  listen(listener: Listener): () => void;
  /** The graphql-ws connection, for other subscriptions (presence); null until logged in. */
  client: Client | null;
}

const LiveContext = createContext<LiveContextValue>({
  mode: 'connecting',
  listen: () => () => undefined,
  client: null,
});

export const POLL_INTERVAL_MS = 3000;
/** A split or a merge renumbers every later entry, one event each: refetch once per burst. */
const INVALIDATE_BATCH_MS = 120;
const RESUBSCRIBE_AFTER_MS = 60_000;

function isCloseEvent(value: unknown): value is { code: number; reason: string } {
  return (
    typeof value === 'object' && value !== null && typeof (value as { code?: unknown }).code === 'number'
  );
}

function socketUrl(): string {
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${window.location.host}${GRAPHQL_PATH}`;
}

export function LiveUpdatesProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const listeners = useRef(new Set<Listener>());
  const [mode, setMode] = useState<LiveMode>('connecting');
  const [client, setClient] = useState<Client | null>(null);
  const wasLive = useRef(false);

  const pending = useRef<{ keys: Set<string>; timer: ReturnType<typeof setTimeout> | null }>({
    keys: new Set(),
    timer: null,
  });

  const dispatch = useCallback(
    (change: ContentChange) => {
      const batch = pending.current;
      for (const key of keysFor(change)) batch.keys.add(key);
      batch.timer ??= setTimeout(() => {
        const keys = [...batch.keys];
        batch.keys.clear();
        batch.timer = null;
        invalidateKeys(queryClient, keys);
      }, INVALIDATE_BATCH_MS);
      for (const listener of listeners.current) listener(change);
    },
    [queryClient],
  );

  useEffect(() => {
    const batch = pending.current;
    return () => {
      if (batch.timer) clearTimeout(batch.timer);
    };
  }, []);

  // The subscription.
  useEffect(() => {
    const bearer = token();
    if (!bearer) return undefined;
    let socketOpen = false;
    let subscriptionFailed = false;
    let connections = 0;
    let disposed = false;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    const update = () => {
      if (!disposed) setMode(socketOpen && !subscriptionFailed ? 'live' : 'polling');
    };
    const client = createClient({
      url: socketUrl(),
      connectionParams: { authorization: `Bearer ${bearer}` },
      lazy: true,
      retryAttempts: Number.POSITIVE_INFINITY,
      // A refused token (4401/4403) will not get better by retrying: poll until the next login.
      shouldRetry: (event) => !(isCloseEvent(event) && (event.code === 4401 || event.code === 4403)),
      retryWait: (retries) =>
        new Promise((resolve) => setTimeout(resolve, Math.min(15_000, 1000 * 2 ** Math.min(retries, 4)))),
      on: {
        connected: () => {
          socketOpen = true;
          // Events sent while the socket was down are lost: refetch what is open.
          if (connections++ > 0) invalidateAll(queryClient);
          update();
        },
        closed: () => {
          socketOpen = false;
          update();
        },
      },
    });
    let unsubscribe: () => void = () => undefined;
    const subscribe = () => {
      subscriptionFailed = false;
      unsubscribe = client.subscribe<{ contentChanged: ContentChange }>(
        { query: CONTENT_CHANGED },
        {
          next: (result) => {
            if (result.data?.contentChanged) dispatch(result.data.contentChanged);
          },
          error: () => {
            // Refused (e.g. the service has no such subscription yet): poll, and try again later.
            subscriptionFailed = true;
            update();
            retryTimer = setTimeout(() => !disposed && subscribe(), RESUBSCRIBE_AFTER_MS);
          },
          complete: () => undefined,
        },
      );
    };
    subscribe();
    setClient(client);
    // Until the socket says otherwise, keep pages fresh by polling.
    const startPolling = setTimeout(() => !socketOpen && update(), 1500);
    return () => {
      disposed = true;
      clearTimeout(retryTimer);
      clearTimeout(startPolling);
      unsubscribe();
      setClient(null);
      void client.dispose();
    };
  }, [dispatch, queryClient]);

  // The fallback: poll the change feed while the subscription is not live.
  useEffect(() => {
    if (mode === 'live') {
      wasLive.current = true;
      return undefined;
    }
    if (mode !== 'polling') return undefined;
    let seen: Set<string> | null = null;
    let stopped = false;
    const poll = async () => {
      if (document.hidden) return;
      const revisions = await operations.recentChanges(50).catch(() => null);
      if (!revisions || stopped) return;
      if (seen === null) {
        seen = new Set(revisions.map((r) => r.id));
        if (wasLive.current) invalidateAll(queryClient);
        return;
      }
      const known = seen;
      const fresh = revisions.filter((r) => !known.has(r.id)).reverse();
      for (const revision of fresh) {
        known.add(revision.id);
        dispatch(changeFromRevision(revision));
      }
      if (known.size > 2000) seen = new Set(revisions.map((r) => r.id));
    };
    void poll();
    const timer = setInterval(() => void poll(), POLL_INTERVAL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [mode, dispatch, queryClient]);

  const listen = useCallback((listener: Listener) => {
    listeners.current.add(listener);
    return () => {
      listeners.current.delete(listener);
    };
  }, []);

  const value = useMemo(() => ({ mode, listen, client }), [mode, listen, client]);
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}

export function useLiveUpdates(): LiveContextValue {
  return useContext(LiveContext);
}

/** Calls `listener` for every content change while the component is mounted. */
export function useContentChanges(listener: Listener): void {
  const { listen } = useLiveUpdates();
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  });
  useEffect(() => listen((change) => latest.current(change)), [listen]);
}
