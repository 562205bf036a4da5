import { createClient, type Client, type ClientOptions } from 'graphql-ws';
import WebSocket from 'ws';

/**
 * Clients of the gateway's graphql-ws endpoint for Node (tests, benchmarks, scripts). Node 20 has no
 * global WebSocket, so both use `ws`.
 */

/** `http://host:port` (or a `/graphql` URL) → `ws://host:port/graphql`. */
export function liveUrl(gatewayUrl: string): string {
  const url = new URL(gatewayUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  if (!url.pathname.endsWith('/graphql')) url.pathname = `${url.pathname.replace(/\/$/, '')}/graphql`;
  return url.toString();
}

/** The official graphql-ws client on `ws`, authenticated by `{ authorization: "Bearer <key>" }` when a key is given. */
export function createLiveClient(
  gatewayUrl: string,
  options: { apiKey?: string } & Partial<Omit<ClientOptions, 'url' | 'webSocketImpl'>> = {},
): Client {
  const { apiKey, ...rest } = options;
  return createClient({
    url: liveUrl(gatewayUrl),
    webSocketImpl: WebSocket,
    connectionParams: apiKey ? { authorization: `Bearer ${apiKey}` } : {},
    retryAttempts: 0,
    lazy: false,
    ...rest,
  });
}

/** A message of a subscription as the lean client saw it. */
export interface LiveMessage {
  payload: {
    data?: any;
    errors?: { message: string; extensions?: Record<string, unknown> }[];
    extensions?: any;
  };
  /** `performance.now()` when the frame was parsed. */
  receivedAt: number;
}

export interface LeanSubscription {
  id: string;
  /** Resolves on `complete`; rejects on an `error` message (with the errors). */
  done: Promise<void>;
  complete(): void;
}

export interface LeanConnection {
  socket: WebSocket;
  /** Resolves with the close code and reason once the socket closed. */
  closed: Promise<{ code: number; reason: string }>;
  subscribe(
    query: string,
    variables: Record<string, unknown> | undefined,
    onNext: (message: LiveMessage) => void,
  ): LeanSubscription;
  /** Stops reading from the socket (a stalled client: the server's writes back up). */
  pause(): void;
  resume(): void;
  close(): void;
}

/**
 * A minimal `graphql-transport-ws` client: one socket, `connection_init` with the authorization, resolves
 * at `connection_ack` (rejects with the close code if the server closes first). Light enough to run a
 * thousand of them in one benchmark process; answers pings.
 */
export function openLeanConnection(
  gatewayUrl: string,
  options: { apiKey?: string; authorization?: string; timeoutMs?: number } = {},
): Promise<LeanConnection> {
  const socket = new WebSocket(liveUrl(gatewayUrl), 'graphql-transport-ws', { perMessageDeflate: false });
  const handlers = new Map<
    string,
    { next: (m: LiveMessage) => void; done: () => void; fail: (e: Error) => void }
  >();
  let sequence = 0;
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    socket.once('close', (code, reason) => {
      for (const handler of handlers.values()) handler.fail(new Error(`socket closed (${code})`));
      handlers.clear();
      resolve({ code, reason: reason.toString() });
    });
  });
  const send = (message: unknown) => {
    if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
  };
  const connection: LeanConnection = {
    socket,
    closed,
    subscribe(query, variables, onNext) {
      const id = String(++sequence);
      let complete!: () => void;
      let fail!: (error: Error) => void;
      const done = new Promise<void>((resolve, reject) => {
        complete = resolve;
        fail = reject;
      });
      done.catch(() => undefined);
      handlers.set(id, { next: onNext, done: complete, fail });
      send({ id, type: 'subscribe', payload: { query, variables } });
      return {
        id,
        done,
        complete: () => {
          handlers.delete(id);
          send({ id, type: 'complete' });
          complete();
        },
      };
    },
    pause: () => socket.pause(),
    resume: () => socket.resume(),
    close: () => socket.close(1000, 'bye'),
  };
  const authorization = options.authorization ?? (options.apiKey ? `Bearer ${options.apiKey}` : undefined);
  return new Promise<LeanConnection>((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.terminate();
      reject(new Error('no connection_ack in time'));
    }, options.timeoutMs ?? 10_000);
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.once('open', () =>
      send({ type: 'connection_init', payload: authorization ? { authorization } : {} }),
    );
    void closed.then(({ code, reason }) => {
      clearTimeout(timer);
      reject(Object.assign(new Error(`closed before ack: ${code} ${reason}`), { code, reason }));
    });
    socket.on('message', (data) => {
      const receivedAt = performance.now();
      const message = JSON.parse(data.toString()) as {
        type: string;
        id?: string;
        payload?: any;
      };
      switch (message.type) {
        case 'connection_ack':
          clearTimeout(timer);
          resolve(connection);
          return;
        case 'ping':
          send({ type: 'pong' });
          return;
        case 'next':
          handlers.get(message.id!)?.next({ payload: message.payload, receivedAt });
          return;
        case 'error': {
          const handler = handlers.get(message.id!);
          handlers.delete(message.id!);
          handler?.fail(
            Object.assign(new Error(JSON.stringify(message.payload)), { errors: message.payload }),
          );
          return;
        }
        case 'complete': {
          const handler = handlers.get(message.id!);
          handlers.delete(message.id!);
          handler?.done();
          return;
        }
        default:
          return;
      }
    });
  });
}
