/** The request and response as the local gateway handles them between the socket and the integrations. */

export interface IncomingRequest {
  method: string;
  /**
   * What comes before the API's own paths in the client's URL: `/<stage>` on an execute-api URL, `''` when the
   * gateway serves at `/` (a custom domain without base path). `$context.path` is `basePath + path`.
   */
  basePath: string;
  /** The raw path under `basePath`, without the query string: what the resources are matched against. */
  path: string;
  /** The raw query string, without `?`. */
  query: string;
  /** Header pairs in arrival order, with their original casing. */
  rawHeaders: [string, string][];
  body: Buffer;
  sourceIp: string;
}

export interface OutgoingResponse {
  statusCode: number;
  /**
   * Header name → values (a name may repeat, e.g. Set-Cookie). No values: the function set the header to null,
   * which sends nothing and keeps API Gateway from adding its default (Content-Type: application/json).
   */
  headers: Map<string, string[]>;
  body: Buffer;
}

/** The first value of a header; `lowercaseName` is matched case-insensitively, like HTTP header names. */
export function headerValue(request: IncomingRequest, lowercaseName: string): string | undefined {
  return request.rawHeaders.find(([name]) => name.toLowerCase() === lowercaseName)?.[1];
}

/**
 * The last value of a header, as API Gateway reads `method.request.header.<name>` (an identity source, for one):
 * `lowercaseName` is matched case-insensitively.
 */
export function lastHeaderValue(request: IncomingRequest, lowercaseName: string): string | undefined {
  return request.rawHeaders.findLast(([name]) => name.toLowerCase() === lowercaseName)?.[1];
}

/** The media type of a Content-Type value; API Gateway treats a request without one as application/json. */
export function mediaTypeOf(contentType: string | undefined): string {
  return (contentType ?? 'application/json').split(';')[0]!.trim().toLowerCase() || 'application/json';
}

/** Whether `mediaType` is one of the body's binary media types: exact, `type/` with a wildcard, or the wildcard of all. */
export function matchesMediaType(patterns: readonly string[], mediaType: string): boolean {
  return patterns.some((pattern) => {
    const p = pattern.toLowerCase();
    return p === mediaType || p === '*/*' || (p.endsWith('/*') && mediaType.startsWith(p.slice(0, -1)));
  });
}
