import { phrase, phraseRule } from './shared/phrase';

const USER = '(?:the |your |this )?(?:user|users|human|customer|operator|person)\\b';

/** `hidden-instructions.concealment`: telling the model to hide something from the user. */
export const concealmentRule = phraseRule({
  id: 'hidden-instructions.concealment',
  family: 'hidden-instructions',
  severity: 'HIGH',
  description:
    'Concealment language ("do not tell the user", "without informing the user", "secretly", "keep this confidential from the user") in English, Spanish, French, German, Chinese, Japanese or Russian.',
  meaning: 'an instruction to hide something from the user',
  set: {
    latin: [
      phrase(
        `\\b(?:do not|don't|dont|never|must not|mustn't|should not|shouldn't) (?:ever )?(?:tell|inform|notify|alert|warn|let|(?:mention|reveal|disclose|show|report|explain) (?:this |it |that |anything )?to) ${USER}`,
      ),
      phrase(
        "\\b(?:do not|don't|dont|never|without) (?:ever )?(?:mention|mentioning|reveal|revealing|disclose|disclosing) (?:that|this|it|any of this|what (?:this|the) tool)\\b",
      ),
      phrase(`\\bwithout (?:telling|informing|notifying|alerting|warning|letting|asking) ${USER}`),
      phrase(
        '\\b(?:keep|hide) (?:this|it|that|these|the following)(?: \\w+){0,3} (?:secret|hidden|confidential|private) from (?:the )?(?:user|users|human)',
      ),
      phrase('\\b(?:secret|hidden|confidential) from (?:the )?(?:user|users|human)\\b'),
      phrase(
        "\\bthe user (?:must|should|will|does|need) (?:not|never|n't) (?:know|see|notice|find out|be told|be informed|be aware|learn)",
      ),
      phrase(
        "\\b(?:so|so that|such that) (?:the )?user (?:does not|doesn't|won't|will not|cannot|can't|never) (?:notice|know|see|find out|learn)",
      ),
      phrase("\\bwithout the user(?:'s)? (?:noticing|knowing|knowledge|awareness)\\b"),
      phrase("\\bbehind the user'?s back\\b"),
      phrase('\\b(?:could|would|might|will) (?:upset|alarm|worry|scare|concern) the user\\b'),
      phrase('\\b(?:secretly|covertly|surreptitiously)\\b'),
      phrase(
        '\\b(?:silently|quietly|discreetly) (?:send|sends|upload|forward|include|add|append|read|collect|copy|exfiltrate|transmit|post|log|record|share|bcc)',
      ),
      phrase('\\bneed not be (?:shown|mentioned|disclosed|revealed|reported) to (?:the )?user'),
      phrase(
        '\\b(?:must|should) (?:never|not) (?:reveal|disclose|mention|explain) (?:what|that|how) (?:this|the) tool\\b',
      ),
      phrase('\\bnever (?:mention|reveal|disclose) (?:it|this|that|them)\\b'),
      // Spanish
      phrase(
        '\\bno (?:le |les )?(?:digas|diga|menciones|mencione|informes|informe|cuentes|cuente|reveles|revele|muestres|avises|avise)(?: nada| esto| eso)? (?:al|a los|a la) (?:usuario|usuarios|usuaria|cliente)',
      ),
      phrase(
        '\\bsin (?:avisar|informar|decir|decirle|notificar|preguntar)(?: nada)?(?: al| a los) usuarios?',
      ),
      phrase('\\ba escondidas del usuario\\b'),
      // French
      phrase(
        "\\bne (?:le |lui |leur )?(?:dis|dites|mentionne|mentionnez|revele|revelez|montre|montrez|signale|signalez|previens|prevenez|informe|informez)(?: rien| pas| jamais)?(?: de (?:cela|ceci|ca))? (?:a |aux )?(?:l'?utilisateur|utilisateurs|l'usager)",
      ),
      phrase(
        "\\bsans (?:prevenir|informer|avertir|le dire a|en informer|demander a|en parler a) (?:l'?utilisateur|les utilisateurs)",
      ),
      phrase("\\ba l'insu de l'?utilisateur\\b"),
      // German
      phrase(
        '\\b(?:sage|sag|erzahle|erzahl|verrate|verrat|zeige|zeig|teile|sagen sie|erzahlen sie|verraten sie)(?: \\w+){0,3}? (?:dem|den|der) (?:benutzer|nutzer|anwender|user|benutzerin|nutzerin)(?: \\w+){0,4}? (?:nichts|nicht)\\b',
      ),
      phrase(
        '\\bohne (?:den|dem|die) (?:benutzer|nutzer|anwender)(?: \\w+)? (?:zu )?(?:informieren|fragen|benachrichtigen|warnen)',
      ),
      phrase(
        '\\b(?:dem|den) (?:benutzer|nutzer|anwender) nicht (?:sagen|mitteilen|zeigen|verraten|erwahnen)',
      ),
      phrase('\\bheimlich\\b'),
    ],
    native: [
      /(?:不要|别|別|不得|切勿|请勿|請勿|不能|禁止|不可)(?:告诉|告訴|告知|通知|提醒|透露给|透露給|让|讓)(?:用户|用戶|使用者)/,
      /(?:对|對|向)(?:用户|用戶|使用者)(?:隐瞒|隱瞞|保密)/,
      /(?:不要|别|別|不得|切勿|请勿|請勿)(?:向|对|對)(?:用户|用戶|使用者)(?:提及|透露|显示|顯示|提起|说明|說明)/,
      /(?:偷偷|秘密地|悄悄|暗中)(?:地)?(?:发送|發送|上传|上傳|读取|讀取|复制|複製|转发|轉發|记录|記錄|收集)/,
      /ユーザー(?:に|には|へ)(?:は)?(?:伝え|言わ|知らせ|教え|見せ|報告し|通知し)(?:ない|ず)/,
      /ユーザーに(?:は)?(?:秘密|内緒)/,
      /(?:こっそり|密かに|ひそかに)/,
      /(?:не|никогда не)\s+(?:говори(?:те)?|сообщай(?:те)?|рассказывай(?:те)?|показывай(?:те)?|упоминай(?:те)?|сообщать|говорить)\s+(?:об этом\s+|это\s+|ничего\s+)?пользовател/,
      /без ведома пользовател/,
      /скрой(?:те)? от пользовател/,
      /(?:^|\s)тайно\s/,
    ],
  },
});
