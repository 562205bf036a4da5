/**
 * Tool scores roll up to servers: a server is as relevant as its best few tools (geometrically decaying
 * weights, so two good tools beat one) plus its own text (description and tool list).
 */
import type { RollupConfig } from './search-config';

export interface ToolScoreForRollup {
  id: string;
  serverName: string;
  score: number;
}

export interface ServerRollup {
  serverName: string;
  score: number;
  /** The tool part, in [0, 1]. */
  toolScore: number;
  /** The server-text part, in [0, 1] (0 when the server text did not match). */
  textScore: number;
  /** Its matching tools, best first. */
  tools: ToolScoreForRollup[];
}

/**
 * Scores in, scores in [0, 1] out (given tool and text scores in [0, 1]):
 * `(1 − serverWeight) · Σᵢ decayⁱ · toolᵢ / Σᵢ decayⁱ + serverWeight · text`, i over the `topTools` best tools.
 */
export function rollupServers(
  tools: readonly ToolScoreForRollup[],
  serverText: ReadonlyMap<string, number>,
  config: Pick<RollupConfig, 'topTools' | 'decay' | 'serverWeight'>,
): ServerRollup[] {
  const byServer = new Map<string, ToolScoreForRollup[]>();
  for (const t of tools) {
    let list = byServer.get(t.serverName);
    if (!list) byServer.set(t.serverName, (list = []));
    list.push(t);
  }
  for (const name of serverText.keys()) if (!byServer.has(name)) byServer.set(name, []);
  const top = Math.max(1, config.topTools);
  let norm = 0;
  for (let i = 0; i < top; i++) norm += config.decay ** i;
  const out: ServerRollup[] = [];
  for (const [serverName, list] of byServer) {
    list.sort((a, b) => b.score - a.score);
    let toolScore = 0;
    for (let i = 0; i < Math.min(top, list.length); i++) toolScore += config.decay ** i * list[i]!.score;
    toolScore /= norm;
    const textScore = serverText.get(serverName) ?? 0;
    const score = (1 - config.serverWeight) * toolScore + config.serverWeight * textScore;
    out.push({ serverName, score, toolScore, textScore, tools: list });
  }
  out.sort((a, b) => b.score - a.score || (a.serverName < b.serverName ? -1 : 1));
  return out;
}
