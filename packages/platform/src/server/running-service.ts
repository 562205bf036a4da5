/** A started service as the embedded runtime and tests see it. */
export interface RunningService {
  name: string;
  /** Base URL, e.g. http://127.0.0.1:4001 (GraphQL at `${url}/graphql`). */
  url: string;
  port: number;
  /** Graceful stop: HTTP, background workers, database. */
  close(): Promise<void>;
}

/** Where a service listens. */
export interface ListenOptions {
  host: string;
  port: number;
}
