/**
 * Text functions with the exact semantics of the Java methods API Gateway's `$util` calls: Commons Lang 2's
 * `StringEscapeUtils.escapeJavaScript`, `java.net.URLEncoder`/`URLDecoder` (UTF-8) and Base64.
 */

const hex4 = (code: number) => code.toString(16).toUpperCase().padStart(4, '0');

/**
 * `StringEscapeUtils.escapeJavaScript` (Commons Lang 2.6), as API Gateway documents `$util.escapeJavaScript`: `'`
 * becomes `\'` (not valid JSON, as the documentation warns), `"` `\` `/` are backslash-escaped, \b \t \n \f \r by
 * name, other control characters and every UTF-16 code unit above 0x7f as `\uXXXX` in upper-case hex.
 */
export function escapeJavaScript(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0x7f) out += `\\u${hex4(code)}`;
    else if (code < 0x20) out += namedControls[code] ?? `\\u${hex4(code)}`;
    else out += escapedAscii[text[i] as string] ?? text[i];
  }
  return out;
}

const namedControls: Record<number, string> = { 8: '\\b', 9: '\\t', 10: '\\n', 12: '\\f', 13: '\\r' };
const escapedAscii: Record<string, string> = { "'": "\\'", '"': '\\"', '\\': '\\\\', '/': '\\/' };

/** `URLEncoder.encode(text, "UTF-8")`: form encoding, so a space is `+` and only `A-Za-z0-9.-*_` stay as they are. */
export function urlEncode(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const char = String.fromCharCode(byte);
    if (/[A-Za-z0-9.\-*_]/.test(char)) out += char;
    else if (char === ' ') out += '+';
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** `URLDecoder.decode(text, "UTF-8")`: `+` is a space; a malformed `%` escape is an error, as in Java. */
export function urlDecode(text: string): string {
  const malformed = /%(?![0-9A-Fa-f]{2})/.exec(text);
  if (malformed !== null)
    throw new Error(`URLDecoder: illegal hex characters in escape (%) pattern at "${text.slice(malformed.index)}"`);
  return text
    .replace(/\+/g, ' ')
    .replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => Buffer.from(run.replace(/%/g, ''), 'hex').toString('utf8'));
}

export const base64Encode = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

export const base64Decode = (text: string): string => Buffer.from(text, 'base64').toString('utf8');
