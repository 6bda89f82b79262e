/**
 * The machine clients of the local stage's token issuer, as Terraform declares a deployed env's app clients: who
 * they are, which contract scopes they may ask for and which usage plan their API key is on. Checked against the
 * contract (`access` of infrastructure.json) at every start; secrets and API keys are random per start.
 */

/**
 * Scope names as the contract declares them (`items:read`), or patterns as Terraform's `api_clients` take them: `*`
 * for every scope, `*:<action>` for every scope ending in `:<action>`; so the clients follow the contract's resources.
 */
export type LocalClientScopes = readonly string[];

export interface LocalClientDeclaration {
  clientId: string;
  scopes: LocalClientScopes;
  /** A usage plan of the contract (`x-api-key-usage-plans`). */
  usagePlan: string;
}

/** `local` may do everything; `local-reader` only reads (every resource), to try a read-only token. */
export const localClients = {
  default: { clientId: 'local', scopes: ['*'], usagePlan: 'standard' },
  reader: { clientId: 'local-reader', scopes: ['*:read'], usagePlan: 'standard' },
} as const satisfies Record<'default' | 'reader', LocalClientDeclaration>;
