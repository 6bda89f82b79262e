/** RFC 6901 escaping of one reference token, for the error paths in problem responses. */
export function pointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}
