/**
 * Golden tests of the dynamodb integration's mapping templates: each template of each operation it can serve is
 * committed under test/items/golden/dynamodb/ (one piece a line) and compared with what the generator renders from
 * the contract with getItem and deleteItem switched to it. `UPDATE_GOLDEN=1` rewrites them after an intended change.
 */
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { listOperations, loadContract } from '../../src/contract.ts';
import { readIntegration } from '../../src/integrations/index.ts';
import { overrideIntegrations } from '../../src/integration-override.ts';
import { templatesOf } from '../../src/integrations/dynamodb/index.ts';
import { goldenText, templateText } from '../../src/integrations/dynamodb/templates.ts';

export const directOperations = ['getItem', 'deleteItem'] as const;

const document = overrideIntegrations(await loadContract(), {
  operations: Object.fromEntries(directOperations.map((id) => [id, 'dynamodb'])),
});
const goldenUrl = (name: string) => new URL(`golden/dynamodb/${name}.vm`, import.meta.url);

describe('dynamodb mapping templates', () => {
  for (const operationId of directOperations) {
    const operation = listOperations(document).find((o) => o.operationId === operationId);
    assert.ok(operation);
    const templates = templatesOf(readIntegration(operation), { document, operation });
    for (const [which, pieces] of Object.entries(templates) as [string, string[]][]) {
      const name = `${operationId}.${which}`;
      it(`${name} is the committed golden template`, async () => {
        const rendered = goldenText(pieces);
        if (process.env.UPDATE_GOLDEN === '1') await writeFile(goldenUrl(name), rendered);
        assert.equal(
          rendered,
          await readFile(goldenUrl(name), 'utf8'),
          `UPDATE_GOLDEN=1 if ${name} changed on purpose`,
        );
        assert.ok(
          pieces.every((piece) => !piece.includes('\n')),
          'a piece holds a line break, which would be output',
        );
        assert.equal(templateText(pieces), pieces.join(''));
      });
    }
  }
});
