/**
 * The VTL parity suite: every AWS-recorded case of test/vtl-parity/cases.ts through the local gateway (a direct
 * integration whose scripted service plays the recorded integration), which must answer as AWS did, or refuse the
 * case at startup naming the operation. Reports how many cases it holds and how each ended.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { localCredentials, localRegion } from '@items-api/dynamodb-local';
import { createGateway } from '../src/gateway/gateway.ts';
import { loadRestApi, type ApiGatewayBody, type Declarations } from '../src/gateway/rest-api.ts';
import type { LambdaInvoker } from '../src/lambda/invoker.ts';
import { parityCases, type ParityCase } from './vtl-parity/cases.ts';

const operationId = (index: number) => `parityCase${index}`;

/** The case as one method of a body: a direct integration whose service is the case's integration double. */
function method(parityCase: ParityCase): Record<string, unknown> {
  return {
    operationId: '',
    'x-amazon-apigateway-integration': {
      type: 'aws',
      httpMethod: 'POST',
      uri: `arn:aws:apigateway:${localRegion}:dynamodb:action/GetItem`,
      credentials: 'arn:aws:iam::000000000000:role/parity',
      ...(parityCase.requestTemplate !== undefined && {
        requestTemplates: { 'application/json': parityCase.requestTemplate },
      }),
      passthroughBehavior: 'when_no_match',
      responses: {
        default: {
          statusCode: '200',
          ...(parityCase.responseTemplate !== undefined && {
            responseTemplates: { 'application/json': parityCase.responseTemplate },
          }),
        },
      },
    },
  };
}

/** The case's API, loaded (and so checked) as the local stage loads a body at startup. */
function loadCase(index: number, parityCase: ParityCase) {
  const verb = parityCase.request.method ?? 'POST';
  const body = {
    paths: { [`/case/${index}`]: { [verb.toLowerCase()]: { ...method(parityCase), operationId: operationId(index) } } },
  } as ApiGatewayBody;
  const declarations: Declarations = {
    operations: { [operationId(index)]: { method: verb, path: `/case/${index}`, integration: 'dynamodb' } },
  };
  return loadRestApi(body, declarations);
}

const indexed = parityCases.map((parityCase, index): [number, ParityCase] => [index, parityCase]);
const emulated = indexed.filter(([, parityCase]) => parityCase.refused === undefined);
const refused = indexed.filter(([, parityCase]) => parityCase.refused !== undefined);
const noFunction: LambdaInvoker = {
  invoke: () => Promise.reject(new Error('no function here')),
  close: () => Promise.resolve(),
};
const cite = ({ source }: ParityCase) =>
  `localstack/localstack tests/aws/services/apigateway/${source.file}::${source.test}, snapshot ${source.snapshot}`;

function assertText(actual: string, expected: { text: string } | { json: unknown }, what: string): void {
  if ('text' in expected) assert.equal(actual, expected.text, what);
  else assert.deepEqual(JSON.parse(actual), expected.json, what);
}

describe('VTL parity with AWS-recorded cases', () => {
  const outcomes = { matched: 0, refused: 0 };
  let current: ParityCase | undefined;
  let integrationRequest = '';
  let service: Server;
  /** One server; each case's gateway answers while its test runs. */
  let caseGateway: RequestListener | undefined;
  let gateway: Server;
  let base: string;

  before(async () => {
    service = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        integrationRequest = Buffer.concat(chunks).toString('utf8');
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(current?.integration(integrationRequest) ?? '');
      });
    });
    service.listen(0, '127.0.0.1');
    await once(service, 'listening');
    gateway = createServer((req, res) => caseGateway?.(req, res));
    gateway.listen(0, '127.0.0.1');
    await once(gateway, 'listening');
    base = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
  });
  after(() => {
    gateway.close();
    service.close();
    console.log(
      `VTL parity: ${parityCases.length} AWS-recorded cases: ${outcomes.matched} render as AWS did, ${outcomes.refused} refused at startup naming the operation, ${parityCases.length - outcomes.matched - outcomes.refused} neither`,
    );
  });

  for (const [index, parityCase] of emulated) {
    it(`renders as AWS did: ${parityCase.name} (${cite(parityCase)})`, async () => {
      caseGateway = createGateway({
        api: loadCase(index, parityCase),
        invoker: noFunction,
        stage: 'dev',
        dynamodb: {
          url: `http://127.0.0.1:${(service.address() as AddressInfo).port}`,
          region: localRegion,
          credentials: localCredentials,
        },
      });
      current = parityCase;
      integrationRequest = '';
      const { method: verb = 'POST', body, headers = {} } = parityCase.request;
      const response = await fetch(`${base}/case/${index}`, {
        method: verb,
        headers: { 'Content-Type': 'application/json', ...headers },
        ...(body !== undefined && { body }),
      });
      const text = await response.text();
      const { expected } = parityCase;
      if (expected.integrationRequest !== undefined)
        assertText(integrationRequest, expected.integrationRequest, 'what the integration received');
      assert.equal(response.status, expected.status ?? 200, text);
      for (const [name, value] of Object.entries(expected.headers ?? {}))
        assert.equal(response.headers.get(name), value, name);
      if (expected.body !== undefined) assertText(text, expected.body, 'the method response body');
      outcomes.matched++;
    });
  }

  for (const [index, parityCase] of refused) {
    it(`is refused at startup, naming the operation: ${parityCase.name} (${cite(parityCase)})`, () => {
      assert.throws(
        () => loadCase(index, parityCase),
        (error: Error) => {
          assert.match(error.message, new RegExp(`\\(${operationId(index)}\\)`));
          assert.match(error.message, parityCase.refused as RegExp);
          return true;
        },
      );
      outcomes.refused++;
    });
  }
});
