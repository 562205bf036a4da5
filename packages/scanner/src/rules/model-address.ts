import { phrase, phraseRule } from './shared/phrase';

/** `hidden-instructions.model-address`: text addressed to the model rather than describing the tool. */
export const modelAddressRule = phraseRule({
  id: 'hidden-instructions.model-address',
  family: 'hidden-instructions',
  severity: 'MEDIUM',
  description:
    'Text addressed to the model as a separate channel ("note to the assistant:", "instructions for the AI:", "AI: …") rather than describing the tool.',
  meaning: 'a note addressed to the model',
  set: {
    latin: [
      phrase(
        '\\b(?:note|message|instructions?|reminder|directive|hint) (?:to|for) (?:the )?(?:ai|assistant|model|llm|agent|chatbot|claude|chatgpt|gpt|copilot)\\b ?:',
      ),
      /(?:^|[.!?]\s|[<([-]\s?)(?:assistant|ai|system|model|llm|claude|chatgpt)\s*:\s*(?:you|always|never|ignore|when|whenever|from now|do not|don't|before|also)\b/,
      phrase('\\bnota para el (?:asistente|modelo|agente|ia)\\b'),
      phrase("\\bnote (?:pour|a) l'?(?:assistant|ia|agent|modele)\\b"),
      phrase('\\bhinweis (?:an|fur) (?:den |die |das )?(?:assistenten|ki|modell|agenten)\\b'),
    ],
    native: [
      /(?:给|給|致)(?:ai|助手|模型|智能体|智能體)的(?:说明|說明|提示|消息|指令)/,
      /(?:アシスタント|ai|モデル)への(?:指示|メモ|注意)/,
    ],
  },
});
