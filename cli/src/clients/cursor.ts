import { join } from 'node:path';
import type { ClientWriter } from './types';

/**
 * Cursor: `~/.cursor/mcp.json` `{ "mcpServers": { name: { command, args, env } } }`, or `{ url, headers? }`
 * for a remote. `--config-dir .cursor` writes the project file.
 */
export const cursor: ClientWriter = {
  id: 'cursor',
  label: 'Cursor',
  file: 'mcp.json',
  serversKey: 'mcpServers',
  defaultConfigDir({ homedir }) {
    return join(homedir, '.cursor');
  },
  entry(launch) {
    if (launch.kind === 'stdio') return { command: launch.command, args: launch.args, env: launch.env };
    return { url: launch.url, ...(Object.keys(launch.headers).length ? { headers: launch.headers } : {}) };
  },
};
