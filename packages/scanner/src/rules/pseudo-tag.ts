import { phraseRule } from './shared/phrase';

const TAG_NAMES =
  '(?:important|system|sys|instructions?|admin|administrator|hidden|secret|assistant|prompt|system[_ -]?prompt|critical|rules?|developer|note[_ -]?to[_ -]?(?:ai|assistant|model|llm)|ai[_ -]?instructions?|tool[_ -]?instructions?|user[_ -]?instructions?|override|priority|mandatory|directive|begin[_ -]?instructions?|end[_ -]?instructions?|im[_ -]?start|im[_ -]?end)';

/** `hidden-instructions.pseudo-tag`: markup that imitates a system or priority channel. */
export const pseudoTagRule = phraseRule({
  id: 'hidden-instructions.pseudo-tag',
  family: 'hidden-instructions',
  severity: 'HIGH',
  description:
    'Pseudo-tags and fake channel markers (`<IMPORTANT>`, `<system>`, `[SYSTEM]`, `[INST]`, `<|im_start|>`, `<<SYS>>`, `### SYSTEM PROMPT ###`) that imitate a privileged instruction channel.',
  meaning: 'a pseudo-tag imitating a privileged instruction channel',
  quotable: false,
  set: {
    latin: [
      new RegExp(`<\\s*/?\\s*${TAG_NAMES}(?:\\s+[^<>]{0,40})?\\s*/?\\s*>`),
      /\[\s*\/?\s*(?:system|sys|inst|instructions?|admin|important|assistant|developer|hidden|system prompt)\s*\]/,
      /<\|\s*(?:im_start|im_end|system|user|assistant|endoftext|end_of_turn|start_header_id|end_header_id|eot_id)\s*\|>/,
      /<<\s*\/?\s*sys\s*>>/,
      /\{\{\s*#?\s*(?:system|sys|admin|instructions?|important)\s*(?::|\}\})/,
      /(?:^|\s)#{2,}\s*(?:system(?: prompt)?|admin(?:istrator)?(?: instructions)?|developer instructions|hidden instructions)\s*#*(?:\s|:|$)/,
    ],
  },
});
