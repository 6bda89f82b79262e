// The mocked AWS provider is written once (terraform/mocks/aws.tfmock.hcl) and copied into every test file:
// these tests fail when a copy is stale and check the copying itself.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  BEGIN_MARKER,
  END_MARKER,
  mockProviderDrift,
  mockSourcePath,
  renderMockProvider,
  testFiles,
  withMockProvider,
} from './support/mock-provider.ts';

describe('the mocked AWS provider of the tofu/terraform tests', () => {
  it('is the current copy of terraform/mocks/aws.tfmock.hcl in every test file', () => {
    const drift = mockProviderDrift();
    assert.ok(drift.length >= 6, `only ${drift.length} test files found`);
    const stale = drift.filter(({ actual, expected }) => actual !== expected).map(({ file }) => file);
    assert.deepEqual(stale, [], 'stale mock_provider blocks: run `npx nx run terraform:mocks`');
  });

  it('finds the test file of every module and environment that has tests', () => {
    const files = testFiles();
    for (const expected of [
      'modules/items-api/tests/items_api.tftest.hcl',
      'modules/lambda-api/tests/lambda_api.tftest.hcl',
      'envs/dev/tests/dev.tftest.hcl',
      'envs/prod/tests/prod.tftest.hcl',
    ]) {
      assert.ok(files.includes(expected), `${expected} is not found`);
    }
  });

  it('wraps the source blocks in one indented mock_provider "aws" block, without the source\'s comments', () => {
    const block = renderMockProvider('# about\n\nmock_data "x" {\n  defaults = {}\n}\n\nmock_resource "y" {\n}\n');
    assert.equal(
      block,
      [
        BEGIN_MARKER,
        'mock_provider "aws" {',
        '  mock_data "x" {',
        '    defaults = {}',
        '  }',
        '',
        '  mock_resource "y" {',
        '  }',
        '}',
        END_MARKER,
      ].join('\n'),
    );
    const real = renderMockProvider(readFileSync(mockSourcePath, 'utf8'));
    assert.match(real, /^ {2}mock_data "aws_partition" \{$/m);
    assert.doesNotMatch(real, /^ +#/m, 'comments of the source stay out of the copies');
  });

  it('replaces exactly what lies between the markers', () => {
    const text = `# head\n${BEGIN_MARKER}\nold\n${END_MARKER}\n\nrun "x" {}\n`;
    assert.equal(withMockProvider(text, 'NEW', 'f'), '# head\nNEW\n\nrun "x" {}\n');
  });

  it('rejects a source without blocks, a test file without markers, and markers twice', () => {
    assert.throws(() => renderMockProvider('# only a comment\n'), /has no mock blocks/);
    assert.throws(() => withMockProvider('run "x" {}\n', 'NEW', 'f.tftest.hcl'), /f\.tftest\.hcl: no .* region/);
    assert.throws(() => withMockProvider(`${END_MARKER}\n${BEGIN_MARKER}\n`, 'NEW', 'f'), /no .* region/);
    const twice = `${BEGIN_MARKER}\n${END_MARKER}\n${BEGIN_MARKER}\n${END_MARKER}\n`;
    assert.throws(() => withMockProvider(twice, 'NEW', 'f'), /more than once/);
  });
});
