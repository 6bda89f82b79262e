/**
 * Numbers digit for digit through the whole local stage over HTTP: written through the Lambda (POST) and read back
 * through the direct integration (getItem: API Gateway → DynamoDB GetItem,
 * the answer rendered by the contract's VTL response template). Each answer must hold the value that was sent.
 */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import {
  attributeNumberTexts,
  decimalValue,
  edgeNumberTexts,
  storableNumberText,
} from '@items-api/openapi/number-texts';
import { infrastructure } from '@items-api/openapi/operations';
import { startLocalStage, type LocalStage } from '../../src/stage.ts';
import { authHeaders, unlimitedPlans } from '../support/credentials.ts';
import { closeConnections, send } from '../support/send.ts';

let stage: LocalStage;
let url: URL;
let auth: Record<string, string>;

before(async () => {
  stage = await startLocalStage({
    port: 0,
    inMemory: true,
    accessLog: () => {},
    writeStateFile: false,
    functionLogStream: new Writable({ write: (_chunk, _encoding, done) => done() }),
    usagePlans: unlimitedPlans(infrastructure.access.usagePlans),
  });
  url = new URL(stage.url.replace('localhost', '127.0.0.1'));
  auth = await authHeaders(stage.credentials);
});

after(async () => {
  closeConnections();
  await stage?.stop();
});

describe('numbers through the local stage: POST (Lambda) and GET (direct, VTL)', () => {
  it('getItem is served by the direct integration, so GET reads through the VTL template', () => {
    assert.equal(infrastructure.operations.getItem?.integration, 'dynamodb');
  });

  it("every number of up to 38 digits in DynamoDB's range is answered with its value by both (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(fc.constantFrom(...edgeNumberTexts), storableNumberText), { minLength: 1, maxLength: 20 }),
        async (texts) => {
          const members = texts.map((text, index) => `"n${index}":${text}`).join(',');
          const created = await send(url, {
            operationId: 'createItem',
            pathParameters: {},
            method: 'POST',
            path: '/items',
            query: [],
            headers: { ...auth, 'Content-Type': 'application/json' },
            body: `{"name":"digits","attributes":{${members}}}`,
          });
          assert.equal(created.status, 201, created.body);
          const id = (JSON.parse(created.body) as { id: string }).id;
          const read = await send(url, {
            operationId: 'getItem',
            method: 'GET',
            path: `/items/${id}`,
            pathParameters: { id },
            query: [],
            headers: auth,
          });
          assert.equal(read.status, 200, read.body);
          const [fromPost, fromGet] = [attributeNumberTexts(created.body), attributeNumberTexts(read.body)];
          texts.forEach((text, index) => {
            const name = `n${index}`;
            assert.equal(decimalValue(fromPost[name] ?? ''), decimalValue(text), `POST: ${text} → ${fromPost[name]}`);
            assert.equal(decimalValue(fromGet[name] ?? ''), decimalValue(text), `GET: ${text} → ${fromGet[name]}`);
          });
        },
      ),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 40) },
    );
  });
});
