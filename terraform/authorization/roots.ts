/** What the authorization checks read from the repository beside the states: state keys and the contract's facts. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Infrastructure } from './runtime-requests.ts';

export const terraformRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The state key the deploy workflow inits an environment with (terraform-env reads its backend.hcl.example). */
export function stateKey(env: string): string {
  const example = readFileSync(join(terraformRoot, 'envs', env, 'backend.hcl.example'), 'utf8');
  const key = /^key\s*=\s*"([^"]+)"/m.exec(example)?.[1];
  if (!key) throw new Error(`envs/${env}/backend.hcl.example has no key`);
  return key;
}

/** openapi/generated/infrastructure.json: each operation's integration and DynamoDB actions. */
export function readInfrastructure(): Infrastructure {
  return JSON.parse(
    readFileSync(join(terraformRoot, '..', 'openapi', 'generated', 'infrastructure.json'), 'utf8'),
  ) as Infrastructure;
}
