import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  /** Parsed JSON body (NDJSON bodies become an array of objects); undefined when empty. */
  body: unknown;
  raw: string;
}

export type Responder = (req: RecordedRequest) => {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
};

/** An HTTP server on 127.0.0.1, port 0, that records every request and answers with the responder. */
export async function startFakeServer(
  responder: Responder,
): Promise<{ url: string; requests: RecordedRequest[]; close: () => Promise<void> }> {
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      if (raw.trim()) {
        const lines = raw.trim().split('\n');
        const ndjson =
          (req.headers['content-type'] ?? '').includes('x-ndjson') ||
          (lines.length > 1 && lines.every((l) => l.trim().startsWith('{')));
        body = ndjson ? lines.map((l) => JSON.parse(l)) : JSON.parse(raw);
      }
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body,
        raw,
      };
      requests.push(recorded);
      const out = responder(recorded);
      res.writeHead(out.status ?? 200, { 'content-type': 'application/json', ...(out.headers ?? {}) });
      res.end(out.body === undefined ? '' : JSON.stringify(out.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
