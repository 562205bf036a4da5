import { join } from 'node:path';
import type { ClientWriter } from './types';

/**
 * Claude Desktop: `claude_desktop_config.json` `{ "mcpServers": { name: { command, args, env } } }`. It
 * only starts local processes, so a remote server goes through the `mcp-remote` bridge.
 */
export const claudeDesktop: ClientWriter = {
  id: 'claude-desktop',
  label: 'Claude Desktop',
  file: 'claude_desktop_config.json',
  serversKey: 'mcpServers',
  defaultConfigDir({ env, homedir, platform }) {
    if (platform === 'darwin') return join(homedir, 'Library', 'Application Support', 'Claude');
    if (platform === 'win32') return join(env.APPDATA || join(homedir, 'AppData', 'Roaming'), 'Claude');
    return join(env.XDG_CONFIG_HOME || join(homedir, '.config'), 'Claude');
  },
  entry(launch) {
    if (launch.kind === 'stdio') return { command: launch.command, args: launch.args, env: launch.env };
    const headers = Object.entries(launch.headers).flatMap(([name, value]) => [
      '--header',
      `${name}: ${value}`,
    ]);
    return { command: 'npx', args: ['-y', 'mcp-remote', launch.url, ...headers], env: {} };
  },
};
