import { join } from 'node:path';
import type { ClientWriter } from './types';

/**
 * VS Code: the user-level `mcp.json` `{ "servers": { name: { type: "stdio", command, args, env? } } }`, or
 * `{ type: "http" | "sse", url, headers? }` for a remote. `--config-dir .vscode` writes the workspace file.
 */
export const vscode: ClientWriter = {
  id: 'vscode',
  label: 'VS Code',
  file: 'mcp.json',
  serversKey: 'servers',
  defaultConfigDir({ env, homedir, platform }) {
    if (platform === 'darwin') return join(homedir, 'Library', 'Application Support', 'Code', 'User');
    if (platform === 'win32') return join(env.APPDATA || join(homedir, 'AppData', 'Roaming'), 'Code', 'User');
    return join(env.XDG_CONFIG_HOME || join(homedir, '.config'), 'Code', 'User');
  },
  entry(launch) {
    if (launch.kind === 'stdio') {
      return {
        type: 'stdio',
        command: launch.command,
        args: launch.args,
        ...(Object.keys(launch.env).length ? { env: launch.env } : {}),
      };
    }
    return {
      type: launch.transport === 'sse' ? 'sse' : 'http',
      url: launch.url,
      ...(Object.keys(launch.headers).length ? { headers: launch.headers } : {}),
    };
  },
};
