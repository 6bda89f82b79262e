/** A stage's credentials as a client uses them: a token from its token endpoint, and the headers of a request. */
import type { ClientCredentials, StageCredentials } from '../../src/access.ts';

/** The URL with `localhost` as 127.0.0.1: the stage listens on IPv4 loopback, `localhost` may resolve to ::1. */
export const loopback = (url: string): string => url.replace('//localhost:', '//127.0.0.1:');

/** A token from `tokenUrl` for `client` (HTTP Basic, client_credentials), as Cognito's token endpoint gives one. */
export async function accessToken(tokenUrl: string, client: ClientCredentials, scope?: string): Promise<string> {
  const response = await fetch(loopback(tokenUrl), {
    method: 'POST',
    headers: {
      Authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`,
      'Content-Type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ grant_type: 'client_credentials', ...(scope !== undefined && { scope }) }),
  });
  const body = (await response.json()) as { access_token?: string; error?: string };
  if (response.status !== 200 || body.access_token === undefined)
    throw new Error(`token endpoint answered ${response.status} ${JSON.stringify(body)}`);
  return body.access_token;
}

/** `Authorization` and `x-api-key` for `role`'s client: what every request to a secured operation carries. */
export async function authHeaders(
  credentials: StageCredentials,
  role: 'default' | 'reader' = 'default',
): Promise<Record<string, string>> {
  const client = role === 'reader' ? credentials.reader : credentials;
  return {
    Authorization: `Bearer ${await accessToken(credentials.tokenUrl, client)}`,
    'x-api-key': client.apiKey,
  };
}

/**
 * The contract's usage plans without throttle or quota: for tests that send many requests quickly and are about
 * something else (the contract's limits are tested at the gateway, test/gateway-access.test.ts).
 */
export function unlimitedPlans(usagePlans: Readonly<Record<string, unknown>>): Record<string, Record<string, never>> {
  return Object.fromEntries(Object.keys(usagePlans).map((name) => [name, {}]));
}
