/**
 * The dynamodb integration's template text: the templates it renders for the contract's first resource it can serve
 * are one piece a line, and pieces never meet as VTL they do not say. The committed golden templates are items' (in
 * test/items/).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadContract } from '../src/contract.ts';
import { templatesOf } from '../src/integrations/dynamodb/index.ts';
import { readIntegration } from '../src/integrations/index.ts';
import { templateText } from '../src/integrations/dynamodb/templates.ts';
import { directlyServed } from './support/contract-operations.ts';

describe('dynamodb template text', () => {
  it('renders each template of a directly served read and delete as pieces, none holding a line break', async () => {
    const { document, read, delete: remove } = directlyServed(await loadContract());
    for (const operation of [read, remove]) {
      const templates = templatesOf(readIntegration(operation), { document, operation });
      for (const [which, pieces] of Object.entries(templates) as [string, string[]][]) {
        const name = `${operation.operationId}.${which}`;
        assert.ok(pieces.length > 0, name);
        assert.ok(
          pieces.every((piece) => !piece.includes('\n')),
          `${name}: a piece holds a line break, which would be output`,
        );
        assert.equal(templateText(pieces), pieces.join(''), name);
      }
    }
  });

  it('refuses pieces that would meet as a Velocity escape or run a directive into text', () => {
    assert.throws(() => templateText(['"a\\', '$b"']), /Velocity escape/);
    assert.throws(() => templateText(['#if($a)', 'x', '#else', 'IN (', '#end']), /#elseI/);
    assert.throws(() => templateText(['#if($a)', '#end', 'x']), /#endx/);
    assert.equal(templateText(['#if($a)', 'x', '#elseif($b)', 'y', '#end']), '#if($a)x#elseif($b)y#end');
  });
});
