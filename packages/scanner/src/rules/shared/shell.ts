/** Download-and-execute idioms: `curl … | sh`, `iex (irm …)`, `powershell -enc <base64>`, `sh <(curl …)`. */
export const PIPE_TO_SHELL =
  /\b(?:curl|wget|iwr|irm|invoke-webrequest|invoke-restmethod|fetch)\b[^|\n]{0,200}\|\s*(?:sudo\s+(?:-\S+\s+)*)?(?:(?:ba|z|da|k)?sh|python[23]?|node|perl|ruby|iex|invoke-expression|powershell|pwsh)\b|\biex\s*\(|\binvoke-expression\b|\b(?:powershell|pwsh)(?:\.exe)?\b[^\n]{0,80}\s-(?:e|enc|encodedcommand)\s+[a-z0-9+/=]{16,}|\b(?:ba|z)?sh\s+-c\s+["']?\$\(\s*(?:curl|wget)|\b(?:ba|z)?sh\s+<\(\s*(?:curl|wget)|\bbase64\s+(?:-d|--decode)\b[^|\n]{0,80}\|\s*(?:ba|z)?sh\b/i;

/**
 * Shell control syntax in a command-line argument: command separators and chaining followed by a
 * command, pipes, backticks, `$(…)`, process substitution, redirection to a path, line breaks.
 * `${VAR}`, `{placeholder}` and `<placeholder>` are not shell syntax here.
 */
export const SHELL_METACHARACTERS =
  /(?:;|&&|\|\|)\s*[a-z./~$]|`|\$\(|[<>]\(|(?:^|\s)\|\s*\S|>>?\s*[/~$]|[\r\n]|\$\{IFS\}/i;

/** `KEY=value;KEY=value` connection strings use `;` as a separator, not as shell syntax. */
export const CONNECTION_STRING = /^(?:[\w .-]+=[^;]*;)+(?:[\w .-]+=[^;]*)?$/;

/** `<absolute-path>`, `{token}`, `${VAR}` placeholders in documented argument values. */
export const PLACEHOLDER = /\$?\{[^{}\s]{1,80}\}|<[^<>\s]{1,80}>/g;
