import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { CloseCode, handleProtocols, makeServer, type ServerOptions } from 'graphql-ws';
import type { WebSocket, WebSocketServer } from 'ws';
import type { Logger } from '@mcpr/platform';

/** What graphql-ws hands our hooks as `ctx.extra`. */
export interface WsExtra {
  socket: WebSocket;
  request: IncomingMessage;
}

export interface WsAdapterOptions {
  /** Ping interval; a peer that did not answer the previous ping is terminated. */
  keepAliveMs: number;
  /**
   * Bytes a socket may hold unsent before a send waits for it to drain. Below it, sends resolve at once,
   * so a subscription's queued messages go out in one tick and one system call; above it the
   * subscription stops pulling, its bounded queue absorbs what follows (drop-oldest) — the slow client
   * costs this much memory at most, and nobody else waits.
   */
  highWaterBytes: number;
  logger: Logger;
}

/**
 * graphql-ws on a `ws` server, like graphql-ws's own `useServer`, but with writes that scale to
 * thousands of subscribers: messages written to one socket during one event-loop turn are corked into a
 * single `writev` at the end of the turn (setImmediate), and a send resolves as soon as the bytes are
 * buffered (not once the kernel took them), with backpressure from the socket's buffered amount instead. (`useServer` waits for every write's callback,
 * i.e. one system call per message per socket: a burst to 1,000 subscribers was dominated by them.)
 */
export function serveGraphqlWs(
  options: ServerOptions<Record<string, unknown>, WsExtra>,
  wss: WebSocketServer,
  adapter: WsAdapterOptions,
): { dispose(): Promise<void> } {
  const server = makeServer(options);
  wss.options.handleProtocols = handleProtocols;
  const alive = new WeakSet<WebSocket>();
  const corked = new WeakSet<Socket>();
  /** Sockets corked in this event-loop turn: uncorked together once the turn's callbacks have run. */
  let pending: Socket[] = [];
  let flushScheduled = false;
  const flush = () => {
    flushScheduled = false;
    const sockets = pending;
    pending = [];
    for (const raw of sockets) {
      corked.delete(raw);
      raw.uncork();
    }
  };

  const heartbeat = setInterval(() => {
    for (const socket of wss.clients) {
      if (!alive.has(socket)) {
        socket.terminate(); // no pong since the last ping: a dead or stalled peer
        continue;
      }
      alive.delete(socket);
      socket.ping();
    }
  }, adapter.keepAliveMs);
  heartbeat.unref();

  const send = (socket: WebSocket, data: string): Promise<void> => {
    if (socket.readyState !== socket.OPEN) return Promise.resolve();
    const raw = (socket as unknown as { _socket?: Socket })._socket;
    if (raw && !corked.has(raw)) {
      corked.add(raw);
      raw.cork();
      pending.push(raw);
      if (!flushScheduled) {
        flushScheduled = true;
        setImmediate(flush);
      }
    }
    socket.send(data);
    if (!raw || socket.bufferedAmount <= adapter.highWaterBytes) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = () => {
        raw.off('drain', done);
        socket.off('close', done);
        resolve();
      };
      raw.on('drain', done);
      socket.on('close', done);
    });
  };

  wss.on('connection', (socket: WebSocket, request: IncomingMessage) => {
    alive.add(socket);
    socket.on('pong', () => alive.add(socket));
    socket.once('error', (error) => {
      adapter.logger.debug({ err: error }, 'live socket error');
      socket.close(CloseCode.InternalServerError, 'Internal server error');
    });
    const closed = server.opened(
      {
        protocol: socket.protocol,
        send: (data) => send(socket, data),
        close: (code, reason) => socket.close(code, reason),
        onMessage: (handle) =>
          socket.on('message', async (message) => {
            try {
              await handle(String(message));
            } catch (error) {
              adapter.logger.error({ err: error }, 'live message handling failed');
              socket.close(CloseCode.InternalServerError, 'Internal server error');
            }
          }),
      },
      { socket, request },
    );
    socket.once('close', (code, reason) => {
      closed(code, String(reason)).catch((error: unknown) =>
        adapter.logger.error({ err: error }, 'live connection cleanup failed'),
      );
    });
  });

  return {
    async dispose() {
      clearInterval(heartbeat);
      const sockets = [...wss.clients];
      const closed = Promise.all(
        sockets.map((socket) => new Promise<void>((resolve) => socket.once('close', () => resolve()))),
      );
      for (const socket of sockets) socket.close(1001, 'Going away');
      // A peer that does not complete the closing handshake (stalled, gone) is not waited for.
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([closed, new Promise<void>((resolve) => (timer = setTimeout(resolve, 1_000)))]);
      clearTimeout(timer);
      for (const socket of wss.clients) socket.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
