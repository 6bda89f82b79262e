/**
 * What a client is created with: a module of its own, so that connection.ts (which builds these options from the
 * environment) and index.ts (which builds the client from them) both depend on it and not on each other.
 */
import type { Fetch, ItemsAuth } from './auth.ts';

export interface ItemsClientOptions {
  /** The stage's base URL, e.g. `http://localhost:3000` or `https://abc123.execute-api.eu-west-1.amazonaws.com/dev`. */
  baseUrl: string;
  /** A fetch implementation (defaults to the global one): for tests, retries, signing or tracing; the token too. */
  fetch?: Fetch;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
  /** The access token sent as `Authorization: Bearer <token>` (over an `Authorization` in `headers`). */
  auth?: ItemsAuth;
  /** The API key, sent in the header the contract's API key scheme names (`x-api-key`). */
  apiKey?: string;
}
