// The mocked AWS provider of every terraform test file, written once (terraform/mocks/aws.tfmock.hcl) and copied
// into each tests/*.tftest.hcl between two marker lines: OpenTofu rejects `mock_provider { source = ... }`, so a
// shared mock file is something only Terraform could read.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { terraformRoot } from './hcl.ts';

export const mockSourcePath = path.join(terraformRoot, 'mocks', 'aws.tfmock.hcl');
const sourceRel = path.relative(terraformRoot, mockSourcePath);

export const BEGIN_MARKER = `# BEGIN mock_provider "aws": generated from terraform/${sourceRel} by \`npx nx run terraform:mocks\`, do not edit`;
export const END_MARKER = '# END mock_provider "aws"';

/** The `mock_provider "aws"` block (with its markers) holding the source file's blocks, comments left out. */
export function renderMockProvider(source: string): string {
  const body = source
    .split('\n')
    .filter((line) => !line.startsWith('#'))
    .join('\n')
    .trim();
  if (body === '') throw new Error(`${sourceRel} has no mock blocks`);
  const indented = body.split('\n').map((line) => (line === '' ? '' : `  ${line}`));
  return [BEGIN_MARKER, 'mock_provider "aws" {', ...indented, '}', END_MARKER].join('\n');
}

/** `text` with the block between its markers replaced by `block`; throws unless the markers occur exactly once. */
export function withMockProvider(text: string, block: string, file: string): string {
  const begin = text.indexOf(BEGIN_MARKER);
  const end = text.indexOf(END_MARKER);
  if (begin === -1 || end === -1 || end < begin) {
    throw new Error(`${file}: no "${BEGIN_MARKER}" ... "${END_MARKER}" region to hold the mocked provider`);
  }
  if (text.indexOf(BEGIN_MARKER, begin + 1) !== -1 || text.indexOf(END_MARKER, end + 1) !== -1) {
    throw new Error(`${file}: the mock_provider markers occur more than once`);
  }
  return text.slice(0, begin) + block + text.slice(end + END_MARKER.length);
}

/** Every tests/*.tftest.hcl and tests/*.tofutest.hcl of the modules and environments, relative to terraform/. */
export function testFiles(): string[] {
  const files: string[] = [];
  for (const group of ['modules', 'envs']) {
    for (const name of readdirSync(path.join(terraformRoot, group)).sort()) {
      const tests = path.join(group, name, 'tests');
      if (!existsSync(path.join(terraformRoot, tests))) continue;
      for (const entry of readdirSync(path.join(terraformRoot, tests)).sort()) {
        // .tofutest.hcl: OpenTofu-only tests (Terraform skips them), such as the mocked authorization check's.
        if (entry.endsWith('.tftest.hcl') || entry.endsWith('.tofutest.hcl')) files.push(path.join(tests, entry));
      }
    }
  }
  return files;
}

/** For each test file, its current text and the text it should have. */
export function mockProviderDrift(): Array<{ file: string; actual: string; expected: string }> {
  const block = renderMockProvider(readFileSync(mockSourcePath, 'utf8'));
  return testFiles().map((file) => {
    const actual = readFileSync(path.join(terraformRoot, file), 'utf8');
    return { file, actual, expected: withMockProvider(actual, block, file) };
  });
}
