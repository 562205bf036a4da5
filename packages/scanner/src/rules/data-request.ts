import { phrase, phraseRule } from './shared/phrase';
import { negatedBefore } from './shared/negation';

const TRANSFER =
  '(?:send|sends|sending|forward|forwards|upload|uploads|post|posts|transmit|transmits|share|leak|exfiltrate|email|e-mail|copy|pass|include|includes|attach|append|add|put|paste|provide|insert|embed|dump|report|log|logs|record|records|collect|collects|sync|submit|relay|bcc|cc)';
const OBJECT = [
  '(?:(?:entire|full|whole|complete|all|previous|prior|earlier|past|current) ){1,3}(?:conversation|chat|dialog(?:ue)?|messages|transcript|context window)\\b',
  '(?:conversation|chat|message|dialog(?:ue)?) (?:history|histories|log|logs|transcripts?)\\b',
  'chathistory\\b',
  'conversation so far\\b',
  'transcript of (?:the|this) (?:conversation|chat|session)\\b',
  '(?:system prompt|hidden prompt|initial prompt)\\b',
  "(?:the user'?s?|users'?) (?:last|previous|prior|recent|past|earlier|entire|full|whole|complete|all|other)(?: \\w+){0,2} (?:messages|conversations|chats)\\b",
  "(?:the user'?s?|users'?|user|all|any|every|stored|saved)(?: \\w+){0,2} (?:api keys?|access tokens?|auth(?:entication)? tokens?|session tokens?|bearer tokens?|oauth tokens?|tokens|passwords?|passphrases?|credentials|secrets|private keys?|ssh keys?|session cookies|cookies|keystrokes)\\b",
  '(?:all |the values of (?:all )?|every )(?:environment variables|env vars|env variables)\\b',
  'process\\.env\\b',
  'os\\.environ\\b',
  "the user'?s? (?:contact details|email address(?:es)?|phone numbers?|home address|portfolio|holdings|credit card(?: numbers?)?|personal (?:data|information)|browsing history)\\b",
].join('|');
const URL_PAYLOAD =
  '(?:email addresses|phone numbers|contacts|passwords?|tokens|api keys?|credentials|history|transcripts?|conversations?|cookies|keystrokes|personal (?:data|information))';
const AS_PARAMETER =
  '(?:as|in|into|to|inside|within) (?:the |a )?[`\'"]?[\\w-]+[`\'"]? (?:parameter|argument|field|param|arg|property)\\b';

/** `exfiltration.data-request`: asks the model to hand over conversation, credentials or environment. */
export const dataRequestRule = phraseRule({
  id: 'exfiltration.data-request',
  family: 'exfiltration',
  severity: 'HIGH',
  description:
    'Asks the model to send, pass or include the conversation, the system prompt, the user’s credentials or tokens, or the environment variables (in a parameter, a URL or a message), in English, Spanish, French, German, Chinese, Japanese or Russian.',
  meaning: 'a request to hand over conversation, credentials or environment data',
  accept: (hit) => !negatedBefore(hit.text, hit.index),
  set: {
    latin: [
      phrase(`\\b${TRANSFER}\\b[^.!?;]{0,60}?\\b(?:${OBJECT})`),
      phrase(`\\b(?:${OBJECT})[^.!?;]{0,40}?\\b${AS_PARAMETER}`),
      phrase(
        '\\b(?:forward|send|bcc|cc|copy|redirect|post|upload) (?:a copy of )?(?:every|all|each|any) (?:emails?|messages?|payments?|transfers?|files?|documents?)\\b[^.!?;]{0,30}?\\bto [\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+',
      ),
      phrase(`\\b${TRANSFER}\\b[^.!?;]{0,60}?\\b${URL_PAYLOAD}\\b[^!?;]{0,40}?\\bto (?:https?|ftp|wss?)://`),
      phrase(
        '\\b(?:system prompt|hidden prompt|initial prompt|system instructions|instructions) you (?:were|have been) given\\b|\\b(?:the|your) (?:full |entire |complete |exact )?(?:system prompt|hidden prompt|initial prompt|system instructions)\\b[^.!?;]{0,30}?\\b(?:verbatim|word for word)',
      ),
      phrase(
        '\\b(?:paste|put|insert|include) (?:here|in this (?:field|parameter))\\b[^.!?;]{0,60}?\\b(?:conversation|messages|history)',
      ),
      phrase(
        '\\b(?:envia|enviar|manda|mandar|sube|subir|incluye|incluir|adjunta|adjuntar|pasa|pasar|anade|agrega|reenvia|copia)\\b[^.!?;]{0,60}?\\b(?:historial|conversacion|contrasenas|claves de api|credenciales|tokens|mensajes anteriores|prompt del sistema|variables de entorno)',
      ),
      phrase(
        "\\b(?:envoie|envoyez|envoyer|ajoute|ajoutez|inclus|incluez|joins|joignez|transmets|transmettez|copie|copiez|televerse)\\b[^.!?;]{0,60}?\\b(?:historique|conversation|mots de passe|cles api|identifiants|jetons|prompt systeme|variables d'environnement)",
      ),
      phrase(
        '\\b(?:sende|senden|schicke|schicken|fuge|lade|ubermittle|ubermitteln|kopiere|hange|leite)\\b[^.!?;]{0,60}?\\b(?:verlauf|konversation|chatverlauf|passworter|kennworter|zugangsdaten|systemprompt|umgebungsvariablen)',
      ),
    ],
    native: [
      /(?:发送|發送|上传|上傳|传入|傳入|附加|包含|转发|轉發|复制|複製|填入|放入|作为参数|作為參數)[^。！？\n]{0,20}?(?:对话|對話|聊天记录|聊天記錄|历史记录|歷史記錄|密码|密碼|密钥|密鑰|凭证|憑證|令牌|系统提示|系統提示|环境变量|環境變數)/,
      /(?:对话|對話|聊天记录|聊天記錄|历史记录|歷史記錄|密码|密碼|密钥|密鑰|凭证|憑證|令牌|系统提示|系統提示|环境变量|環境變數)[^。！？\n]{0,20}?(?:发送|發送|上传|上傳|传入|傳入|附加|转发|轉發|填入|放入|作为参数|作為參數)/,
      /(?:会話|チャット履歴|履歴|パスワード|秘密鍵|トークン|認証情報|システムプロンプト|環境変数)[^。！？\n]{0,20}?(?:送信|送って|添付|含め|渡し|アップロード|転送)/,
      /(?:отправь|отправьте|перешли|загрузи|передай|приложи|добавь|скопируй|вставь)[^.!?\n]{0,40}?(?:переписк|истори[юяи] (?:чата|диалога|разговора|сообщений)|парол|токен|учетн|учётн|системн(?:ый|ого) промпт|переменные окружения)/,
    ],
  },
});
