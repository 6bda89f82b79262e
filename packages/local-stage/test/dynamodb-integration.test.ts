/**
 * The `dynamodb` integration emulator against a scripted DynamoDB on loopback: what it sends (the rendered request
 * template, signed, with the action in X-Amz-Target), every integration response selection rule, response
 * parameters, `$context.responseOverride`, passthrough behaviours, the timeout, and what it refuses at startup.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { localCredentials, localRegion } from '@items-api/dynamodb-local';
import { createGateway, type AccessLogEntry } from '../src/gateway/gateway.ts';
import { loadRestApi, type ApiGatewayBody, type Declarations } from '../src/gateway/rest-api.ts';
import type { LambdaInvoker } from '../src/lambda/invoker.ts';

/** What the scripted DynamoDB answers next, and what it was sent. */
interface Script {
  status: number;
  body: string;
  headers?: Record<string, string>;
  delayMs?: number;
  /** Close the connection instead of answering (DynamoDB gone mid-call). */
  drop?: boolean;
}
const received: { headers: IncomingHttpHeaders; body: string }[] = [];
let next: Script = { status: 200, body: '{}' };

const requestTemplate = String.raw`{"TableName":"things","Key":{"id":{"S":"$util.escapeJavaScript($input.params('id')).replaceAll("\\'","'")"}},"Note":"$context.httpMethod $context.resourcePath"}#if($input.params('id') == "teapot")#set($context.responseOverride.status = 444)#set($context.responseOverride.header.foo = "bar")#end`;

/** Selection rules: a pattern for 2xx, one for 400, none for the rest (default). */
const responses = {
  '2\\d{2}': {
    statusCode: '200',
    responseParameters: {
      'method.response.header.X-Literal': "'literal value'",
      'method.response.header.X-From-Header': 'integration.response.header.x-amzn-requestid',
      'method.response.header.X-From-Body': 'integration.response.body.Item.id.S',
    },
    responseTemplates: {
      'application/json': [
        "#set($item = $input.path('$.Item'))",
        '#if(!$item)',
        '#set($context.responseOverride.status = 404)',
        "#set($context.responseOverride.header.Content-Type = 'application/problem+json')",
        '{"missing":true}',
        '#else',
        '#set($context.responseOverride.header.ETag = "\\"$item.version.N\\"")',
        '{"id":"$item.id.S"}',
        '#end',
      ].join(''),
    },
  },
  '400': {
    statusCode: '400',
    responseTemplates: {
      'application/json': [
        "#set($type = $input.path('$.__type'))",
        "#if($type.endsWith('#ConditionalCheckFailedException'))#set($context.responseOverride.status = 412)",
        "#elseif($type.endsWith('#ProvisionedThroughputExceededException'))#set($context.responseOverride.status = 503)",
        '#set($context.responseOverride.header.Retry-After = 1)#end',
        '{"type":"$type.replaceAll(".*#", "")"}',
      ].join(''),
    },
  },
  // Never chosen for 4xx: a pattern matches the whole status code, so "4" does not match 404.
  '4': { statusCode: '418' },
  default: { statusCode: '500', responseTemplates: { 'application/json': '{"status":"$input.path(\'$.status\')"}' } },
};

function integration(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'aws',
    httpMethod: 'POST',
    uri: `arn:aws:apigateway:${localRegion}:dynamodb:action/GetItem`,
    credentials: 'arn:aws:iam::000000000000:role/things',
    requestTemplates: { 'application/json': requestTemplate },
    passthroughBehavior: 'never',
    responses,
    timeoutInMillis: 1000,
    ...overrides,
  };
}

function body(overrides: Record<string, unknown> = {}, method: 'get' | 'put' = 'get'): ApiGatewayBody {
  return {
    paths: {
      '/things/{id}': {
        [method]: { operationId: 'getThing', 'x-amazon-apigateway-integration': integration(overrides) },
      },
    },
  };
}
const declarationsFor = (method: 'GET' | 'PUT'): Declarations => ({
  operations: { getThing: { method, path: '/things/{id}', integration: 'dynamodb' } },
});
const declarations = declarationsFor('GET');
const noFunction: LambdaInvoker = {
  invoke: () => Promise.reject(new Error('no function here')),
  close: () => Promise.resolve(),
};

describe('dynamodb integration, request to response', () => {
  const log: AccessLogEntry[] = [];
  let dynamodb: Server;
  let gateway: Server;
  let base: string;
  before(async () => {
    dynamodb = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        const answer = next;
        if (answer.drop) {
          req.socket.destroy();
          return;
        }
        setTimeout(() => {
          res.writeHead(answer.status, {
            'Content-Type': 'application/x-amz-json-1.0',
            'x-amzn-RequestId': 'ddb-request',
            ...answer.headers,
          });
          res.end(answer.body);
        }, answer.delayMs ?? 0);
      });
    });
    dynamodb.listen(0, '127.0.0.1');
    await once(dynamodb, 'listening');
    const api = loadRestApi(body(), declarations);
    gateway = createServer(
      createGateway({
        api,
        invoker: noFunction,
        stage: 'test',
        accessLog: (entry) => log.push(entry),
        dynamodb: {
          url: `http://127.0.0.1:${(dynamodb.address() as AddressInfo).port}`,
          region: localRegion,
          credentials: localCredentials,
        },
      }),
    );
    gateway.listen(0, '127.0.0.1');
    await once(gateway, 'listening');
    base = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
  });
  after(() => {
    gateway.close();
    dynamodb.close();
  });

  const get = (id: string, init?: RequestInit) => fetch(`${base}/things/${encodeURIComponent(id)}`, init);

  it('POSTs the rendered request template to DynamoDB, signed, with the action in X-Amz-Target', async () => {
    received.length = 0;
    next = { status: 200, body: '{"Item":{"id":{"S":"a"},"version":{"N":"3"}}}' };
    await get(`it's`);
    const [sent] = received;
    assert.ok(sent);
    assert.equal(sent.headers['x-amz-target'], 'DynamoDB_20120810.GetItem');
    assert.equal(sent.headers['content-type'], 'application/x-amz-json-1.0');
    assert.match(
      String(sent.headers.authorization),
      new RegExp(
        `^AWS4-HMAC-SHA256 Credential=${localCredentials.accessKeyId}/\\d{8}/${localRegion}/dynamodb/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=[0-9a-f]{64}$`,
      ),
    );
    assert.deepEqual(JSON.parse(sent.body), {
      TableName: 'things',
      Key: { id: { S: `it's` } },
      Note: 'GET /things/{id}',
    });
  });

  it('a 2xx selects the 2\\d{2} response: its status, template, parameters and overrides', async () => {
    next = { status: 200, body: '{"Item":{"id":{"S":"a"},"version":{"N":"3"}}}' };
    const response = await get('a');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/json');
    assert.equal(response.headers.get('etag'), '"3"');
    assert.equal(response.headers.get('x-literal'), 'literal value');
    assert.equal(response.headers.get('x-from-header'), 'ddb-request');
    assert.equal(response.headers.get('x-from-body'), 'a');
    assert.equal(await response.text(), '{"id":"a"}');
    assert.deepEqual(
      { integration: log.at(-1)?.integration, status: log.at(-1)?.integrationStatus },
      { integration: 'dynamodb', status: 200 },
    );
  });

  it('the response template overrides status and Content-Type', async () => {
    next = { status: 200, body: '{}' };
    const response = await get('absent');
    assert.equal(response.status, 404);
    assert.equal(response.headers.get('content-type'), 'application/problem+json');
    assert.equal(await response.text(), '{"missing":true}');
  });

  it("the request template's responseOverride holds for the method response, as on AWS", async () => {
    // AWS-recorded: test/vtl-parity/cases.ts, test_integration_mock_with_response_override_in_request_template.
    next = { status: 200, body: '{"Item":{"id":{"S":"teapot"},"version":{"N":"1"}}}' };
    const response = await get('teapot');
    assert.equal(response.status, 444);
    assert.equal(response.headers.get('foo'), 'bar');
    assert.equal(response.headers.get('etag'), '"1"');
    assert.equal(await response.text(), '{"id":"teapot"}');
  });

  it('a 400 selects the 400 response; its template tells a failed condition (412) from throttling (503)', async () => {
    next = {
      status: 400,
      body: '{"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException","message":"The conditional request failed"}',
    };
    let response = await get('a');
    assert.equal(response.status, 412);
    assert.equal(response.headers.get('retry-after'), null);
    assert.equal(await response.text(), '{"type":"ConditionalCheckFailedException"}');
    next = {
      status: 400,
      body: '{"__type":"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException","message":"slow down"}',
    };
    response = await get('a');
    assert.equal(response.status, 503);
    assert.equal(response.headers.get('retry-after'), '1');
    assert.equal(await response.text(), '{"type":"ProvisionedThroughputExceededException"}');
  });

  it('a status no pattern matches as a whole selects default (the pattern "4" does not match 404)', async () => {
    for (const status of [404, 500]) {
      next = { status, body: `{"status":"${status}"}` };
      const response = await get('a');
      assert.equal(response.status, 500);
      assert.equal(await response.text(), `{"status":"${status}"}`);
    }
  });

  it('a request whose Content-Type has no template is refused with 415 (passthroughBehavior never)', async () => {
    received.length = 0;
    const response = await get('a', { headers: { 'Content-Type': 'text/plain' } });
    assert.equal(response.status, 415);
    assert.equal(received.length, 0);
    assert.equal(log.at(-1)?.errorType, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('an answer later than timeoutInMillis is a 504', async () => {
    next = { status: 200, body: '{}', delayMs: 1500 };
    const response = await get('a');
    assert.equal(response.status, 504);
    assert.equal(log.at(-1)?.errorType, 'INTEGRATION_TIMEOUT');
  });

  it('a DynamoDB that drops the connection is an INTEGRATION_FAILURE, and the next call gets a new one', async () => {
    next = { status: 200, body: '{}', drop: true };
    const dropped = await get('a');
    assert.ok(dropped.status >= 500, `answered ${dropped.status}`);
    assert.equal(log.at(-1)?.errorType, 'INTEGRATION_FAILURE');
    next = { status: 200, body: '{"Item":{"id":{"S":"a"}}}' };
    assert.equal((await get('a')).status, 200);
  });

  it('a response template that fails at render time is a 500 API_CONFIGURATION_ERROR', async () => {
    next = { status: 200, body: 'not json' };
    const response = await get('a');
    assert.equal(response.status, 500);
    assert.equal(log.at(-1)?.errorType, 'API_CONFIGURATION_ERROR');
  });
});

describe('passthrough behaviours', () => {
  it('when_no_match passes an unmapped payload as is (a binary one as base64 text with CONVERT_TO_TEXT); when_no_templates only without templates', async () => {
    let sent = '';
    const dynamodb = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        sent = Buffer.concat(chunks).toString('utf8');
        res.writeHead(200).end('{"Item":{"id":{"S":"a"},"version":{"N":"1"}}}');
      });
    });
    dynamodb.listen(0, '127.0.0.1');
    await once(dynamodb, 'listening');
    const endpoint = {
      url: `http://127.0.0.1:${(dynamodb.address() as AddressInfo).port}`,
      region: localRegion,
      credentials: localCredentials,
    };
    const statusFor = async (overrides: Record<string, unknown>, binaryMediaTypes: string[] = []) => {
      const server = createServer(
        createGateway({
          api: loadRestApi(
            { ...body(overrides, 'put'), 'x-amazon-apigateway-binary-media-types': binaryMediaTypes },
            declarationsFor('PUT'),
          ),
          invoker: noFunction,
          dynamodb: endpoint,
        }),
      );
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      try {
        const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/things/a`, {
          method: 'PUT',
          headers: { 'Content-Type': 'text/plain' },
          body: 'the payload as sent',
        });
        return response.status;
      } finally {
        server.close();
      }
    };
    try {
      // A binary media type's body reaches the template as base64 text with CONVERT_TO_TEXT; without a
      // contentHandling, a conversion the local gateway does not emulate: a configuration error, not a guess.
      const binary = (overrides: Record<string, unknown>) =>
        statusFor({ passthroughBehavior: 'when_no_match', requestTemplates: undefined, ...overrides }, ['text/plain']);
      assert.equal(await binary({ contentHandling: 'CONVERT_TO_TEXT' }), 200);
      assert.equal(sent, Buffer.from('the payload as sent').toString('base64'));
      assert.equal(await binary({}), 500);
      sent = '';
      assert.equal(await statusFor({ passthroughBehavior: 'when_no_match' }), 200);
      assert.equal(sent, 'the payload as sent');
      sent = '';
      assert.equal(await statusFor({ passthroughBehavior: 'when_no_templates' }), 415);
      assert.equal(sent, '');
      assert.equal(await statusFor({ passthroughBehavior: 'when_no_templates', requestTemplates: undefined }), 200);
      assert.equal(sent, 'the payload as sent');
    } finally {
      dynamodb.close();
    }
  });
});

describe('dynamodb integrations the local gateway refuses at startup', () => {
  const refused: [string, Record<string, unknown>, RegExp][] = [
    ['another integration type', { type: 'aws_proxy' }, /a dynamodb operation needs an aws integration, not aws_proxy/],
    [
      'a field it would ignore',
      { cacheNamespace: 'things' },
      /cannot emulate x-amazon-apigateway-integration\.cacheNamespace/,
    ],
    [
      'a content conversion other than CONVERT_TO_TEXT',
      { contentHandling: 'CONVERT_TO_BINARY' },
      /emulates contentHandling CONVERT_TO_TEXT only, not "CONVERT_TO_BINARY"/,
    ],
    ['another HTTP method', { httpMethod: 'GET' }, /DynamoDB's API takes POST, not GET/],
    [
      'a uri that is not a DynamoDB action',
      { uri: 'arn:aws:apigateway:local:s3:path/bucket' },
      /uri is arn:aws:apigateway:<region>:dynamodb:action\/<Action>/,
    ],
    [
      'another Region',
      { uri: 'arn:aws:apigateway:eu-west-1:dynamodb:action/GetItem' },
      /names Region eu-west-1, but the local stage's DynamoDB is in local/,
    ],
    [
      'an action it does not emulate',
      { uri: `arn:aws:apigateway:${localRegion}:dynamodb:action/TransactWriteItems` },
      /cannot emulate DynamoDB's TransactWriteItems/,
    ],
    ['no credentials', { credentials: undefined }, /needs credentials, the execution role's ARN/],
    [
      'an unknown passthrough behaviour',
      { passthroughBehavior: 'always' },
      /passthroughBehavior is one of when_no_match, when_no_templates, never, not always/,
    ],
    ['a timeout above 29 s', { timeoutInMillis: 30_000 }, /timeoutInMillis must be an integer from 50 to 29000/],
    [
      'a request template for another media type',
      { requestTemplates: { 'application/xml': '{}' } },
      /application\/json request templates only, not application\/xml/,
    ],
    [
      'a request template it cannot render',
      { requestTemplates: { 'application/json': '$util.toJson($input)' } },
      /GET \/things\/\{id\} \(getThing\), request template: \$util .* not toJson\(\)/,
    ],
    ['responses without default', { responses: { '2\\d{2}': { statusCode: '200' } } }, /needs a default response/],
    [
      'a response field it would ignore',
      { responses: { default: { statusCode: '200', selectionPattern: '2\\d{2}' } } },
      /integration response "default": the local gateway cannot emulate selectionPattern/,
    ],
    [
      'a response content conversion other than CONVERT_TO_TEXT',
      { responses: { default: { statusCode: '200', contentHandling: 'CONVERT_TO_BINARY' } } },
      /integration response "default": the local gateway emulates contentHandling CONVERT_TO_TEXT only/,
    ],
    [
      'a response status that is not HTTP',
      { responses: { default: { statusCode: '2000' } } },
      /statusCode must be an HTTP status, not 2000/,
    ],
    [
      'a response template for another media type',
      { responses: { default: { statusCode: '200', responseTemplates: { 'text/html': '' } } } },
      /application\/json templates only, not text\/html/,
    ],
    [
      'a response template it cannot render',
      { responses: { default: { statusCode: '200', responseTemplates: { 'application/json': '#include("x")' } } } },
      /response template: #include \(line 1\) is not emulated/,
    ],
    [
      'a response parameter from the request',
      {
        responses: {
          default: { statusCode: '200', responseParameters: { 'method.response.header.X': 'method.request.header.X' } },
        },
      },
      /cannot emulate the value "method\.request\.header\.X"/,
    ],
    [
      'a selection pattern that is not a regular expression',
      { responses: { '(': { statusCode: '200' }, default: { statusCode: '500' } } },
      /the selection pattern is not a regular expression/,
    ],
  ];
  for (const [what, overrides, error] of refused) {
    it(`refuses ${what}`, () => assert.throws(() => loadRestApi(body(overrides), declarations), error));
  }

  it('refuses a gateway without DynamoDB for an API with a direct integration', () => {
    assert.throws(
      () => createGateway({ api: loadRestApi(body(), declarations), invoker: noFunction }),
      /getThing is a direct DynamoDB integration, but the gateway has no DynamoDB/,
    );
  });
});
