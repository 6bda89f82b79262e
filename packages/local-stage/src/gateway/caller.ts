/** Whom a secured method admitted: what API Gateway tells the integration (and the access log) about the caller. */
export interface Caller {
  /** `$context.authorizer.claims`: the token's claims (all strings); null when the method has no authorizer. */
  claims: Readonly<Record<string, string>> | null;
  /** `$context.identity.apiKey` and `apiKeyId`; null when the method requires no API key. */
  apiKey: { id: string; value: string } | null;
}

export const anonymous: Caller = { claims: null, apiKey: null };
