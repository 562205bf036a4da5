import type { SubgraphServer } from './subgraph-server';
import { listen } from './http-listener';
import type { ListenOptions, RunningService } from './running-service';

/**
 * Starts a built subgraph server and listens; close() stops HTTP first (in-flight requests finish),
 * then Apollo, then whatever the service registered (workers, database), in that order.
 */
export async function serveSubgraph(
  name: string,
  server: SubgraphServer,
  at: ListenOptions,
  onClose: () => Promise<void> = async () => {},
): Promise<RunningService> {
  await server.start();
  const listening = await listen(server.app, at.port, at.host);
  let closing: Promise<void> | undefined;
  return {
    name,
    url: listening.url,
    port: listening.port,
    close: () =>
      (closing ??= (async () => {
        await listening.close();
        await server.stop();
        await onClose();
      })()),
  };
}
