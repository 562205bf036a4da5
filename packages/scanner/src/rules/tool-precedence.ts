import { phrase, phraseRule } from './shared/phrase';

/** `hidden-instructions.tool-precedence`: a tool demanding to be called before any other. */
export const toolPrecedenceRule = phraseRule({
  id: 'hidden-instructions.tool-precedence',
  family: 'hidden-instructions',
  severity: 'MEDIUM',
  description:
    'Priority claims over other tools ("before using any other tool", "call this tool before anything else") that steer the model towards one tool.',
  meaning: 'a demand to be called before other tools',
  set: {
    latin: [
      phrase(
        '\\bbefore (?:using|calling|invoking|running|executing|you use|you call) (?:any|all|every) (?:other )?(?:\\w+ )?(?:tools?|functions?)\\b',
      ),
      phrase('\\bbefore (?:any|all|every) other (?:\\w+ )?(?:tools?|functions?|actions?)\\b'),
      phrase(
        '\\b(?:always )?(?:call|use|invoke|run) this (?:tool|function) (?:first )?before (?:anything|any|all|every|doing anything)\\b',
      ),
      phrase(
        '\\b(?:must|should|has to|needs to) (?:always )?be (?:called|used|invoked|run) (?:first )?before (?:any|all|every)',
      ),
      phrase(
        '\\b(?:must|should) (?:always )?(?:call|use|invoke) this (?:tool|function|one) (?:first )?before (?:anything|any|all|every|doing anything)\\b',
      ),
      phrase('\\bwhenever the user asks (?:anything|something|a question)\\b'),
      phrase(
        "\\b(?:you are|you're|the assistant is|the model is) required to (?:first|always) (?:call|use|invoke|run)\\b",
      ),
      phrase(
        '\\bmust be used for (?:all|every|any) (?:\\w+ )?(?:operations?|requests?|tasks?|queries|actions?)\\b',
      ),
      phrase(
        '\\bantes de (?:usar|llamar|utilizar|invocar) (?:cualquier|ninguna|otra|otras)(?: otra)? herramientas?',
      ),
      phrase(
        "\\bavant d'?(?:utiliser|appeler|invoquer) (?:tout|toute|n'importe quel|un|une) (?:autre )?outils?",
      ),
      phrase(
        '\\bbevor (?:du |sie )?(?:ein |irgendein )?(?:anderes|andere|anderen) (?:tool|tools|werkzeug|werkzeuge)',
      ),
    ],
    native: [
      /在(?:使用|调用|調用)(?:任何|所有)?其他(?:的)?(?:工具|函数|函數)之前/,
      /他の(?:ツール|関数)を(?:使う|使用する|呼ぶ|呼び出す)前に/,
      /перед (?:использованием|вызовом) (?:любого )?(?:другого|других) (?:инструмента|инструментов)/,
    ],
  },
});
