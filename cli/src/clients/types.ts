import type { Io } from '../config';
import type { Launch } from '../launch';

export type ClientId = 'claude-desktop' | 'vscode' | 'cursor';

/** How one MCP client keeps its server list. */
export interface ClientWriter {
  id: ClientId;
  label: string;
  /** The configuration file's name inside the config folder. */
  file: string;
  /** The top-level key that maps server names to entries. */
  serversKey: string;
  /** The user-level config folder on this OS (README lists them). */
  defaultConfigDir(io: Pick<Io, 'env' | 'homedir' | 'platform'>): string;
  /** The entry for one server. */
  entry(launch: Launch): Record<string, unknown>;
}
