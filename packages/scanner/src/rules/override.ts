import { phrase, phraseRule } from './shared/phrase';

const VERB =
  "(?:ignore|ignoring|disregard|disregarding|forget|forgetting|override|overrule|bypass|discard|abandon|neglect|drop|stop following|do not follow|don't follow|do not obey|don't obey|pay no attention to)";
const QUALIFIER =
  "(?:all|any|every|each|of|the|your|my|these|those|previous|previously|prior|above|earlier|preceding|original|initial|existing|former|old|system|safety|security|other|given|provided|current|default|developer|standard|and|content|usage|anthropic|anthropic's|openai|openai's|google|google's|creator's|company)";
const STRONG =
  '(?:all|any|every|your|these|those|previous|previously|prior|above|earlier|preceding|original|initial|existing|former|system|safety|security|content|usage|anthropic|openai|google)';
const NOUN =
  '(?:instructions?|directions?|directives?|rules|guidelines|guidance|prompts?|polic(?:y|ies)|constraints|restrictions|commands|orders|safeguards|guardrails|programming|context|messages)';

/** `hidden-instructions.override`: text that tries to replace the model's instructions. */
export const overrideRule = phraseRule({
  id: 'hidden-instructions.override',
  family: 'hidden-instructions',
  severity: 'CRITICAL',
  description:
    'Instruction-override language ("ignore previous instructions", "you are now in developer mode", "new instructions:") in English, Spanish, French, German, Chinese, Japanese or Russian.',
  meaning: 'an attempt to override the model’s instructions',
  set: {
    latin: [
      // verb + qualifiers + noun, with at least one strong qualifier ("ignore all rules", not "ignore robots.txt rules")
      phrase(`\\b${VERB} (?=(?:${QUALIFIER} ){0,4}${STRONG})(?:${QUALIFIER} ){1,5}${NOUN}\\b`),
      phrase(
        "\\bforget (?:about )?(?:everything|all|anything) (?:(?:you (?:were|have been|'ve been|got) )?(?:told|taught|instructed|given)|(?:said|written|stated) (?:above|before|earlier)|above|before)",
      ),
      phrase(
        "\\b(?:previous|prior|earlier|above|original|old|former|existing|system|safety) (?:instructions?|directions?|rules|guidelines|directives|prompts?|polic(?:y|ies)) (?:(?:are|is|have been|were) )?(?:now )?(?:void|null|cancell?ed|revoked|invalid|obsolete|superseded|overridden|no longer (?:valid|apply|applies|applicable|in effect|hold|matter)|(?:do|does) not apply|(?:don't|doesn't) apply|suspended|disabled|lifted)",
      ),
      phrase(
        "\\b(?:you are|you're|you re) now (?:in )?(?:an? )?(?:developer|dev|god|jailbreak|jailbroken|unrestricted|unfiltered|dan|admin|root|sudo|evil|uncensored) ?mode\\b",
      ),
      phrase(
        "\\b(?:you are|you're|you re) (?:now )?(?:no longer|not) (?:bound|restricted|limited|constrained) by (?:your |the |any )?(?:previous |prior |earlier |original )?(?:rules|instructions|guidelines|policies|restrictions)",
      ),
      phrase(
        '\\bact as (?:an? )?(?:unrestricted|unfiltered|jailbroken|uncensored|evil|amoral|unaligned) \\w+',
      ),
      phrase(
        '\\b(?:pretend|imagine|assume) (?:that )?you are (?:dan\\b|an? (?:unrestricted|unfiltered|jailbroken|uncensored|evil)\\b|[^.!?;]{0,30}\\b(?:with|without|having) no (?:restrictions|rules|limits|limitations|filters|guidelines))',
      ),
      phrase('\\bdo anything now\\b'),
      phrase('\\b(?:enter|enable|activate|switch to) (?:jailbreak|dan|god|unrestricted|uncensored) mode\\b'),
      phrase('\\bnew (?:system )?instructions? ?:'),
      phrase(
        "\\b(?:your|the assistant'?s?|the model'?s?) (?:new|real|true|actual) (?:task|role|instructions?|objective|goal|purpose|job) (?:is|are|will be)\\b",
      ),
      phrase(
        '\\b(?:this is|here is) (?:a|an) (?:message|note|instruction|directive|update) from (?:the |your )?(?:developers?|system|administrators?|admins?|operators?|anthropic|openai|security team|creators?)\\b',
      ),
      phrase('\\bsystem override\\b'),
      phrase(
        '\\bfrom now on (?:you (?:must|will|shall|should) )?(?:always )?(?:comply|obey|ignore|follow every|follow all|do whatever|execute every|answer only|respond only)',
      ),
      phrase(
        '\\b(?:reveal|print|repeat|output|disclose|leak) (?:the |your )?(?:full )?(?:system prompt|hidden prompt|initial prompt|hidden instructions|initial instructions)',
      ),
      // Spanish
      phrase(
        '\\b(?:ignora|ignore|ignorar|olvida|olvide|olvidar|omite|descarta|desestima|haz caso omiso de) (?:(?:de|todas|todos|las|los|tus|sus|cualquier) ){0,3}(?:instrucciones|indicaciones|reglas|ordenes|directrices|normas) (?:anteriores|previas|de arriba|originales|del sistema|precedentes)',
      ),
      phrase(
        '\\b(?:ignora|ignore|ignorar|olvida|olvide|olvidar|omite|descarta) (?:todas|todos) (?:las|los|tus|sus) (?:instrucciones|indicaciones|reglas|ordenes|directrices)',
      ),
      // French
      phrase(
        "\\b(?:ignore|ignorez|ignores|ignorer|oublie|oubliez|oublier|ne tiens pas compte des|ne tenez pas compte des|fais abstraction des) (?:toutes )?(?:les |tes |vos )?(?:instructions|consignes|regles|directives|indications|ordres) (?:precedentes|anterieures|ci-dessus|d'avant|initiales|du systeme)",
      ),
      phrase(
        '\\b(?:ignore|ignorez|ignorer|oublie|oubliez|oublier) (?:toutes|tous) (?:les|tes|vos) (?:instructions|consignes|regles|directives|indications|ordres)',
      ),
      // German
      phrase(
        '\\b(?:ignoriere|ignorier|ignorieren sie|vergiss|vergessen sie|missachte|missachten sie|uberschreibe) (?:(?:alle|die|deine|ihre|samtliche|bisherigen|vorherigen|vorigen|vorangegangenen|fruheren|obigen|vorstehenden|ursprunglichen|alten|system) ){1,4}(?:anweisungen|instruktionen|regeln|befehle|vorgaben|richtlinien|anordnungen|systemanweisungen)\\b',
      ),
    ],
    native: [
      /(?:忽略|无视|無視|忽视|忽視|忘记|忘記|忘掉|不要理会|不要理會|不理会|跳过|跳過|覆盖|覆蓋)[^。！？\n]{0,6}?(?:之前|以前|先前|此前|上面|以上|上述|前面|前述|所有|全部|一切|原有|原来|原來|系统|系統)[^。！？\n]{0,8}?(?:指令|指示|规则|規則|提示词|提示詞|说明|說明|设定|設定|要求|约束|約束|限制)/,
      /(?:你现在|你現在|现在你|現在你)(?:处于|處於|是|进入|進入|已进入|已進入)?(?:开发者|開發者|无限制|無限制|越狱|越獄|上帝)模式/,
      /(?:以前|これまで|今まで|前|上記|先|既存|全て|すべて)の(?:全ての|すべての)?(?:指示|命令|ルール|指令|設定|プロンプト)(?:は|を)?(?:すべて|全て)?(?:無視|忘れ)/,
      /(?:игнорируй(?:те)?|проигнорируй(?:те)?|забудь(?:те)?|не обращай(?:те)? внимания на|отбрось|отмени(?:те)?)\s+(?:(?:все|всё|свои|ваши|эти)\s+)*(?:предыдущие|прежние|предшествующие|вышеуказанные|предыдущих|прошлые|старые|системные|все)\s+(?:инструкции|инструкций|указания|указаний|правила|правил|команды|директивы|установки)/,
    ],
  },
});
