// npx nx run terraform:mocks — copy terraform/mocks/aws.tfmock.hcl into the mock_provider "aws" block of every
// tests/*.tftest.hcl (see test/support/mock-provider.ts). `--check` only reports stale files (exit 1).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { terraformRoot } from '../test/support/hcl.ts';
import { mockProviderDrift } from '../test/support/mock-provider.ts';

const check = process.argv.includes('--check');
const stale = mockProviderDrift().filter(({ actual, expected }) => actual !== expected);
for (const { file, expected } of stale) {
  if (check) console.error(`terraform:mocks: ${file} is stale`);
  else writeFileSync(path.join(terraformRoot, file), expected);
}
if (check && stale.length > 0) {
  console.error('terraform:mocks: run `npx nx run terraform:mocks` to regenerate');
  process.exit(1);
}
console.error(`terraform:mocks: ${stale.length} file(s) ${check ? 'stale' : 'rewritten'}`);
