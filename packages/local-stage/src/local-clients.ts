/**
 * The machine clients of the local stage's token issuer, as Terraform declares a deployed env's app clients: who
 * they are, which contract scopes they may ask for and which usage plan their API key is on. Checked against the
 * contract (`access` of infrastructure.json) at every start; secrets and API keys are random per start.
 */

/** `every` stands for every scope the contract declares, so the full-access client follows the contract. */
export type LocalClientScopes = 'every' | readonly string[];

export interface LocalClientDeclaration {
  clientId: string;
  /** Short scope names as the contract declares them (`items:read`). */
  scopes: LocalClientScopes;
  /** A usage plan of the contract (`x-api-key-usage-plans`). */
  usagePlan: string;
}

/** `local` may do everything; `local-reader` only reads, to try a read-only token. */
export const localClients = {
  default: { clientId: 'local', scopes: 'every', usagePlan: 'standard' },
  reader: { clientId: 'local-reader', scopes: ['items:read'], usagePlan: 'standard' },
} as const satisfies Record<'default' | 'reader', LocalClientDeclaration>;
