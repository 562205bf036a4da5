import { phrase, phraseRule } from './shared/phrase';
import { Q, TOOL, referencesForeignTool } from './shared/tool-reference';

/**
 * `exfiltration.tool-redirect`: steers the model away from a tool this server does not define
 * ("use this instead of execute_command"). Weaker than shadowing: it does not alter the other tool.
 */
export const toolRedirectRule = phraseRule({
  id: 'exfiltration.tool-redirect',
  family: 'exfiltration',
  severity: 'MEDIUM',
  description:
    'Steers the model away from a tool or server this manifest does not define ("use this instead of execute_command", "rather than the GitHub server"); references to the manifest’s own tools are ignored.',
  meaning: 'a redirect away from another tool or server',
  accept: (hit, _item, ctx) => referencesForeignTool(hit, ctx),
  set: {
    latin: [
      // the referenced name must look like a tool: an identifier with _ or -, or followed by tool/server/function
      phrase(
        `\\b(?:instead of|rather than|in place of) (?:using |calling |invoking |the )*${Q}(?<tool>[a-z0-9]+[_-][\\w.-]*)${Q}`,
      ),
      phrase(
        `\\b(?:instead of|rather than|in place of) (?:using |calling |invoking |the )*${Q}${TOOL}${Q} (?:server'?s?|mcp|tool|function|command)\\b`,
      ),
      phrase(`\\buse (?:the )?${Q}(?<tool>[a-z0-9]+[_-][\\w.-]*)${Q} (?:tool |function )?instead\\b`),
      phrase('\\b(?:rufe|nutze|verwende|benutze) (?:\\w+ )?stattdessen\\b'),
      phrase('\\ben lugar de (?:usar |llamar )?(?:la )?herramienta\\b'),
      phrase("\\bau lieu d'(?:utiliser|appeler) l'outil\\b"),
    ],
    native: [/(?:而不是|代替|取代|替代)(?:使用|调用|調用)?[^。！？\n]{0,10}?(?:工具|服务器|伺服器)/],
  },
});
