/**
 * The authorization rehearsal's parts, on small applied states made here (the rehearsal itself runs them on the
 * states and the request log of the apply rehearsal, terraform/rehearsal/rehearse.sh): recorded calls map to the IAM
 * action, resource and context AWS authorizes, including what a call makes AWS check as the caller; a call it
 * cannot name fails; runtime requests follow the applied body and infrastructure.json; the evaluator applies KMS
 * key-policy rules and says what decided a verdict it did not expect; policy sizes are held to IAM's quotas.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readAppliedState, type AppliedState } from '../authorization/applied-state.ts';
import { DeployedPolicies } from '../authorization/deployed-policies.ts';
import { evaluate, type AccessRequest } from '../authorization/evaluate.ts';
import { type Account, type RecordedCall, UnmappedCall, authorizationsOf } from '../authorization/recorded-calls.ts';
import { checkMocked } from '../authorization/mocked-check.ts';
import { mirrorAppliedState } from '../authorization/mocked-state.ts';
import { unexercisedGrantsReport } from '../authorization/rehearsal.ts';
import { runtimeRequests, tableActions } from '../authorization/runtime-requests.ts';
import { unexercisedGrants } from '../authorization/unexercised-grants.ts';

const accountId = '123456789012';
const keyArn = `arn:aws:kms:us-east-1:${accountId}:key/mrk-0123456789abcdef0123456789abcdef`;
const parameterArn = `arn:aws:ssm:us-east-1:${accountId}:parameter/items-api-dev/cursor-signing-key`;
const fnRole = `arn:aws:iam::${accountId}:role/items-api-dev-lambda-us-east-1`;
const directRole = `arn:aws:iam::${accountId}:role/items-api-dev-direct-us-east-1`;
const functionArn = `arn:aws:lambda:us-east-1:${accountId}:function:items-api-dev`;
const tableArn = `arn:aws:dynamodb:us-east-1:${accountId}:table/items-api-dev`;

const account: Account = {
  id: accountId,
  stateObject: (_bucket, key) => ({
    bucket: 'org-tfstate',
    key: key === '' ? '' : `items-api/dev/terraform.tfstate${key.endsWith('.tflock') ? '.tflock' : ''}`,
  }),
  boundaryOf: (role) =>
    role.startsWith('items-api-dev') ? `arn:aws:iam::${accountId}:policy/github-deploy-dev-boundary` : undefined,
  keyOfAlias: (_region, alias) => (alias === 'alias/items-api-dev' ? keyArn : undefined),
  keyOfParameter: (arn) => (arn === parameterArn ? keyArn : undefined),
};

const call = (
  service: string,
  operation: string | null,
  params: Record<string, unknown>,
  extra: Partial<RecordedCall> = {},
): RecordedCall => ({
  step: 'dev:apply',
  service,
  region: 'us-east-1',
  operation,
  method: 'POST',
  path: '/',
  params,
  status: 200,
  ...extra,
});

const statement = (
  effect: string,
  action: string | string[],
  resource: string,
  condition?: object,
  principal?: object,
) => ({
  Effect: effect,
  Action: action,
  Resource: resource,
  ...(principal ? { Principal: principal } : {}),
  ...(condition ? { Condition: condition } : {}),
});
const doc = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

/** A `show -json` of a root with these resources. */
function applied(root: string, resources: Array<{ type: string; values: Record<string, unknown> }>): AppliedState {
  return readAppliedState(root, {
    values: {
      outputs: {},
      root_module: { resources: resources.map((r, i) => ({ address: `${r.type}.r${i}`, ...r })) },
    },
  });
}

const useThroughSsm = statement(
  'Allow',
  ['kms:Decrypt', 'kms:Encrypt'],
  '*',
  {
    StringEquals: { 'kms:CallerAccount': accountId, 'kms:ViaService': ['ssm.us-east-1.amazonaws.com'] },
    ArnLike: {
      'kms:EncryptionContext:PARAMETER_ARN': [`arn:aws:ssm:us-east-1:${accountId}:parameter/items-api-dev/*`],
    },
  },
  { AWS: `arn:aws:iam::${accountId}:root` },
);
const useThroughDynamoDb = statement(
  'Allow',
  ['kms:Decrypt', 'kms:DescribeKey'],
  '*',
  { StringEquals: { 'kms:CallerAccount': accountId, 'kms:ViaService': ['dynamodb.us-east-1.amazonaws.com'] } },
  { AWS: `arn:aws:iam::${accountId}:root` },
);

function environment(keyPolicyStatements: object[]): AppliedState {
  const body = {
    paths: {
      '/items': {
        get: {
          operationId: 'listItems',
          'x-amazon-apigateway-integration': {
            type: 'aws_proxy',
            uri: `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${functionArn}/invocations`,
          },
        },
      },
      '/items/{id}': {
        get: {
          operationId: 'getItem',
          'x-amazon-apigateway-integration': {
            type: 'aws',
            uri: 'arn:aws:apigateway:us-east-1:dynamodb:action/GetItem',
            credentials: directRole,
            requestTemplates: { 'application/json': '{"TableName":"items-api-dev","Key":{"id":{"S":"x"}}}' },
          },
        },
        options: { 'x-amazon-apigateway-integration': { type: 'mock' } },
      },
    },
  };
  return applied('dev', [
    {
      type: 'aws_dynamodb_table',
      values: { arn: tableArn, region: 'us-east-1', server_side_encryption: [{ kms_key_arn: keyArn }], replica: [] },
    },
    {
      type: 'aws_kms_key',
      values: {
        arn: keyArn,
        key_id: 'mrk-0123456789abcdef0123456789abcdef',
        region: 'us-east-1',
        policy: doc(...keyPolicyStatements),
      },
    },
    {
      type: 'aws_api_gateway_rest_api',
      values: {
        id: 'a1b2c3',
        region: 'us-east-1',
        execution_arn: `arn:aws:execute-api:us-east-1:${accountId}:a1b2c3`,
        body: JSON.stringify(body),
      },
    },
    { type: 'aws_api_gateway_stage', values: { rest_api_id: 'a1b2c3', stage_name: 'dev' } },
    {
      type: 'aws_lambda_function',
      values: {
        arn: functionArn,
        function_name: 'items-api-dev',
        region: 'us-east-1',
        role: fnRole,
        environment: [
          {
            variables: {
              CURSOR_SIGNING_KEY_PARAMETER: '/items-api-dev/cursor-signing-key',
              TABLE_NAMES: JSON.stringify({ items: 'items-api-dev' }),
            },
          },
        ],
        logging_config: [{ log_group: '/aws/lambda/items-api-dev' }],
      },
    },
    {
      type: 'aws_lambda_permission',
      values: {
        function_name: 'items-api-dev',
        region: 'us-east-1',
        statement_id: 'AllowInvokeFromApiGatewayStage',
        action: 'lambda:InvokeFunction',
        principal: 'apigateway.amazonaws.com',
        source_arn: `arn:aws:execute-api:us-east-1:${accountId}:a1b2c3/dev/*/*`,
      },
    },
    {
      type: 'aws_iam_role',
      values: {
        name: 'items-api-dev-lambda-us-east-1',
        arn: fnRole,
        assume_role_policy: doc(
          statement('Allow', 'sts:AssumeRole', '*', undefined, { Service: 'lambda.amazonaws.com' }),
        ),
      },
    },
    {
      type: 'aws_iam_role_policy',
      values: {
        role: 'items-api-dev-lambda-us-east-1',
        name: 'least-privilege',
        policy: doc(
          statement('Allow', ['dynamodb:Scan'], tableArn),
          statement('Allow', 'kms:Decrypt', keyArn, {
            StringEquals: { 'kms:ViaService': ['dynamodb.us-east-1.amazonaws.com'] },
          }),
          statement('Allow', 'ssm:GetParameter', parameterArn),
          statement('Allow', 'kms:Decrypt', keyArn, {
            StringEquals: {
              'kms:EncryptionContext:PARAMETER_ARN': parameterArn,
              'kms:ViaService': 'ssm.us-east-1.amazonaws.com',
            },
          }),
          statement(
            'Allow',
            ['logs:CreateLogStream', 'logs:PutLogEvents'],
            `arn:aws:logs:us-east-1:${accountId}:log-group:/aws/lambda/items-api-dev:*`,
          ),
          statement('Allow', ['xray:PutTraceSegments'], '*'),
        ),
      },
    },
    {
      type: 'aws_iam_role',
      values: {
        name: 'items-api-dev-direct-us-east-1',
        arn: directRole,
        assume_role_policy: doc(
          statement('Allow', 'sts:AssumeRole', '*', undefined, { Service: 'apigateway.amazonaws.com' }),
        ),
      },
    },
    {
      type: 'aws_iam_role_policy',
      values: {
        role: 'items-api-dev-direct-us-east-1',
        name: 'least-privilege',
        policy: doc(
          statement('Allow', ['dynamodb:GetItem'], tableArn),
          statement('Allow', 'kms:Decrypt', keyArn, {
            StringEquals: { 'kms:ViaService': 'dynamodb.us-east-1.amazonaws.com' },
          }),
        ),
      },
    },
  ]);
}

const infrastructure = {
  operations: {
    listItems: {
      method: 'GET',
      path: '/items',
      integration: 'lambda',
      table: 'items',
      dynamodbActions: ['dynamodb:Scan'],
    },
    getItem: {
      method: 'GET',
      path: '/items/{id}',
      integration: 'dynamodb',
      table: 'items',
      dynamodbActions: ['dynamodb:GetItem'],
    },
  },
};

const notesArn = `arn:aws:dynamodb:us-east-1:${accountId}:table/items-api-dev-notes`;

/**
 * The environment with a second resource, notes: its own table, and createNote (POST /notes, served by the
 * function) putting notes; the function's role granted `lambdaTableStatements`.
 */
function withNotes(state: AppliedState, lambdaTableStatements: object[]): AppliedState {
  const values = (type: string, match: (v: Record<string, unknown>) => boolean = () => true) =>
    state.resources.find((r) => r.type === type && match(r.values))!.values;
  state.resources.push({
    address: 'aws_dynamodb_table.notes',
    type: 'aws_dynamodb_table',
    values: { arn: notesArn, region: 'us-east-1', server_side_encryption: [{ kms_key_arn: keyArn }], replica: [] },
  });
  const api = values('aws_api_gateway_rest_api');
  const body = JSON.parse(api.body as string) as { paths: Record<string, unknown> };
  body.paths['/notes'] = {
    post: {
      operationId: 'createNote',
      'x-amazon-apigateway-integration': {
        type: 'aws_proxy',
        uri: `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${functionArn}/invocations`,
      },
    },
  };
  api.body = JSON.stringify(body);
  const fn = values('aws_lambda_function');
  const variables = (fn.environment as Array<{ variables: Record<string, string> }>)[0]!.variables;
  variables.TABLE_NAMES = JSON.stringify({ items: 'items-api-dev', notes: 'items-api-dev-notes' });
  const policy = values('aws_iam_role_policy', (v) => v.role === 'items-api-dev-lambda-us-east-1');
  const statements = (JSON.parse(policy.policy as string) as { Statement: Array<{ Action: string | string[] }> })
    .Statement;
  // Its DynamoDB statements replaced by the ones given.
  const isTableGrant = (s: { Action: string | string[] }) => [s.Action].flat().some((a) => a.startsWith('dynamodb:'));
  policy.policy = doc(...lambdaTableStatements, ...statements.filter((s) => !isTableGrant(s)));
  return state;
}

const infrastructureWithNotes = {
  operations: {
    ...infrastructure.operations,
    createNote: {
      method: 'POST',
      path: '/notes',
      integration: 'lambda',
      table: 'notes',
      dynamodbActions: ['dynamodb:PutItem'],
    },
  },
};

describe('recorded calls', () => {
  it('map to the IAM action and resource, with what AWS checks as the caller', () => {
    const replica = authorizationsOf(
      call('dynamodb', 'UpdateTable', {
        TableName: 'items-api-prod',
        ReplicaUpdates: [{ Create: { RegionName: 'us-west-2' } }],
      }),
      account,
    );
    assert.deepEqual(replica[0], {
      action: 'dynamodb:UpdateTable',
      resource: `arn:aws:dynamodb:us-east-1:${accountId}:table/items-api-prod`,
      context: { 'aws:RequestedRegion': 'us-east-1', 'aws:SecureTransport': 'true' },
      why: '',
    });
    const inReplicaRegion = replica
      .filter((a) => a.context['aws:RequestedRegion'] === 'us-west-2')
      .map((a) => a.action);
    for (const action of [
      'dynamodb:CreateTable',
      'dynamodb:CreateTableReplica',
      'dynamodb:PutItem',
      'dynamodb:BatchWriteItem',
      'dynamodb:DescribeLimits',
    ])
      assert.ok(inReplicaRegion.includes(action), `adding a replica needs ${action} in its Region`);

    const put = authorizationsOf(
      call('ssm', 'PutParameter', { Name: '/items-api-dev/cursor-signing-key', Type: 'SecureString', KeyId: keyArn }),
      account,
    );
    assert.deepEqual(
      put.map((a) => [a.action, a.resource]),
      [
        ['ssm:PutParameter', parameterArn],
        ['kms:Encrypt', keyArn],
      ],
    );
    assert.equal(put[1]!.context['kms:EncryptionContext:PARAMETER_ARN'], parameterArn);
    assert.equal(put[1]!.context['kms:ViaService'], 'ssm.us-east-1.amazonaws.com');

    const read = (status: number) =>
      authorizationsOf(
        call('ssm', 'GetParameter', { Name: '/items-api-dev/cursor-signing-key', WithDecryption: true }, { status }),
        account,
      );
    assert.deepEqual(
      read(200).map((a) => a.action),
      ['ssm:GetParameter', 'kms:Decrypt'],
    );
    assert.deepEqual(
      read(400).map((a) => a.action),
      ['ssm:GetParameter'],
      'a parameter not found is not decrypted',
    );

    const create = authorizationsOf(
      call('lambda', 'CreateFunction', { FunctionName: 'items-api-dev', Role: fnRole }),
      account,
    );
    assert.deepEqual(
      create.map((a) => [a.action, a.resource, a.context['iam:PassedToService']]),
      [
        ['lambda:CreateFunction', functionArn, undefined],
        ['iam:PassRole', fnRole, 'lambda.amazonaws.com'],
      ],
    );

    const body = {
      paths: { '/items/{id}': { get: { 'x-amazon-apigateway-integration': { credentials: directRole } } } },
    };
    const importBody = authorizationsOf(
      call('apigateway', 'PutRestApi', { restapi_id: 'a1b2c3', ...body }, { method: 'PUT', path: '/restapis/a1b2c3' }),
      account,
    );
    assert.deepEqual(
      importBody.map((a) => [a.action, a.resource]),
      [
        ['apigateway:PUT', 'arn:aws:apigateway:us-east-1::/restapis/a1b2c3'],
        ['iam:PassRole', directRole],
      ],
    );

    const inline = authorizationsOf(
      call(
        'iam',
        'PutRolePolicy',
        { RoleName: 'items-api-dev-lambda-us-east-1', PolicyName: 'least-privilege' },
        { region: 'us-east-1' },
      ),
      account,
    );
    assert.equal(
      inline[0]!.context['iam:PermissionsBoundary'],
      `arn:aws:iam::${accountId}:policy/github-deploy-dev-boundary`,
    );

    const state = authorizationsOf(
      call('s3', 'PutObject', { Bucket: 'rehearsal-state', Key: 'dev/tofu.tfstate.tflock' }),
      account,
    );
    assert.deepEqual(
      state.map((a) => [a.action, a.resource]),
      [['s3:PutObject', 'arn:aws:s3:::org-tfstate/items-api/dev/terraform.tfstate.tflock']],
    );
    assert.deepEqual(authorizationsOf(call('sts', 'GetCallerIdentity', {}), account), []);
  });

  it('fail on a call they cannot name, never skip it', () => {
    assert.throws(() => authorizationsOf(call('ec2', 'RunInstances', {}), account), UnmappedCall);
    assert.throws(() => authorizationsOf(call('lambda', null, {}), account), UnmappedCall);
    assert.throws(() => authorizationsOf(call('kms', 'Decrypt', { KeyId: 'alias/unknown' }), account), UnmappedCall);
    assert.throws(
      () =>
        authorizationsOf(
          call('iam', 'CreateServiceLinkedRole', { AWSServiceName: 'elasticloadbalancing.amazonaws.com' }),
          account,
        ),
      UnmappedCall,
    );
  });
});

describe('the evaluator', () => {
  const ssmDecrypt: AccessRequest = {
    source: 'dev runtime',
    why: 'the function decrypts its cursor signing key through SSM',
    principal: fnRole,
    action: 'kms:Decrypt',
    resource: keyArn,
    context: {
      'kms:ViaService': 'ssm.us-east-1.amazonaws.com',
      'kms:CallerAccount': accountId,
      'kms:EncryptionContext:PARAMETER_ARN': parameterArn,
    },
    expect: 'allow',
  };

  it('denies a key use the role allows but the key policy does not, and says what decided', async () => {
    const verdict = await evaluate(ssmDecrypt, new DeployedPolicies([environment([useThroughDynamoDb])]), accountId);
    assert.equal(verdict.ok, false);
    assert.equal(verdict.decision, 'ImplicitlyDenied');
    for (const shown of [fnRole, 'kms:Decrypt', keyArn, 'ssm.us-east-1.amazonaws.com', 'resource policy'])
      assert.ok(verdict.detail.includes(shown), `the detail names ${shown}`);
  });

  it('fails when two roots hold a key under one ARN, rather than judge against either policy', () => {
    const policies = new DeployedPolicies([environment([useThroughDynamoDb]), environment([useThroughSsm])]);
    assert.throws(() => policies.keyPolicy(keyArn), /more than once: give each key its own id/);
  });

  it('allows it once the key policy lets SSM use the key for that parameter', async () => {
    const policies = new DeployedPolicies([environment([useThroughDynamoDb, useThroughSsm])]);
    assert.equal((await evaluate(ssmDecrypt, policies, accountId)).ok, true);
    const other = {
      ...ssmDecrypt,
      context: {
        ...ssmDecrypt.context,
        'kms:EncryptionContext:PARAMETER_ARN': parameterArn.replace('items-api-dev', 'other'),
      },
      expect: 'deny' as const,
    };
    assert.equal((await evaluate(other, policies, accountId)).ok, true, "another API's parameter stays denied");
  });
});

/** Whether `requests` ask `principal` for `action` (on `resource`, when given), expecting `expect`. */
const asks =
  (requests: AccessRequest[]) =>
  (principal: string, action: string, expect: 'allow' | 'deny', resource?: string): boolean =>
    requests.some(
      (r) =>
        r.principal === principal &&
        r.action === action &&
        r.expect === expect &&
        (!resource || r.resource === resource),
    );

/** The requests the state's documents do not decide as expected, with what decided them. */
async function unexpectedVerdicts(
  state: AppliedState,
  requests: AccessRequest[],
): Promise<Array<{ request: AccessRequest; detail: string }>> {
  const policies = new DeployedPolicies([state]);
  const failures = [];
  for (const request of requests) {
    const verdict = await evaluate(request, policies, accountId);
    if (!verdict.ok) failures.push({ request, detail: verdict.detail });
  }
  return failures;
}

describe('runtime requests', () => {
  it('follow the applied body: who serves each method, its declared actions allowed, every other one denied', async () => {
    const state = environment([useThroughDynamoDb, useThroughSsm]);
    const requests = await runtimeRequests(state, infrastructure);
    const has = asks(requests);
    assert.ok(has('apigateway.amazonaws.com', 'lambda:InvokeFunction', 'allow', functionArn));
    assert.ok(has('apigateway.amazonaws.com', 'sts:AssumeRole', 'allow', directRole));
    assert.ok(has(fnRole, 'dynamodb:Scan', 'allow', tableArn) && has(fnRole, 'dynamodb:PutItem', 'deny', tableArn));
    assert.ok(
      has(directRole, 'dynamodb:GetItem', 'allow', tableArn) &&
        has(directRole, 'dynamodb:DeleteItem', 'deny', tableArn),
    );
    assert.ok(has(fnRole, 'kms:Decrypt', 'allow', keyArn) && has(fnRole, 'ssm:GetParameter', 'allow', parameterArn));
    assert.ok(
      requests.length > (await tableActions()).length * 2,
      'every table action of AWS is asked of both principals',
    );
    assert.deepEqual(
      (await unexpectedVerdicts(state, requests)).map((failure) => failure.detail),
      [],
    );
  });

  it("judge grants per table: each operation's actions allowed on its resource's table, denied on another resource's", async () => {
    const state = withNotes(environment([useThroughDynamoDb, useThroughSsm]), [
      statement('Allow', ['dynamodb:Scan'], tableArn),
      statement('Allow', ['dynamodb:PutItem'], notesArn),
    ]);
    const requests = await runtimeRequests(state, infrastructureWithNotes);
    const has = asks(requests);
    assert.ok(has(fnRole, 'dynamodb:Scan', 'allow', tableArn) && has(fnRole, 'dynamodb:Scan', 'deny', notesArn));
    assert.ok(has(fnRole, 'dynamodb:PutItem', 'allow', notesArn) && has(fnRole, 'dynamodb:PutItem', 'deny', tableArn));
    assert.ok(
      has(directRole, 'dynamodb:GetItem', 'allow', tableArn) && has(directRole, 'dynamodb:GetItem', 'deny', notesArn),
    );
    assert.deepEqual(
      (await unexpectedVerdicts(state, requests)).map((failure) => failure.detail),
      [],
    );
  });

  it("fail a role granted its actions on every table instead of each operation's own", async () => {
    const union = ['dynamodb:PutItem', 'dynamodb:Scan'];
    const state = withNotes(environment([useThroughDynamoDb, useThroughSsm]), [
      statement('Allow', union, tableArn),
      statement('Allow', union, notesArn),
    ]);
    const failed = await unexpectedVerdicts(state, await runtimeRequests(state, infrastructureWithNotes));
    assert.deepEqual(failed.map(({ request }) => `${request.action} ${request.resource}`).sort(), [
      `dynamodb:PutItem ${tableArn}`,
      `dynamodb:Scan ${notesArn}`,
    ]);
  });

  it("refuse a direct integration on another table than the function's for the same resource", async () => {
    const state = environment([useThroughDynamoDb]);
    const api = state.resources.find((r) => r.type === 'aws_api_gateway_rest_api')!;
    api.values.body = (api.values.body as string).replace(
      '\\"TableName\\":\\"items-api-dev\\"',
      '\\"TableName\\":\\"items-api-old\\"',
    );
    await assert.rejects(
      runtimeRequests(state, infrastructure),
      /getItem .*: the body calls table items-api-old, the function uses items-api-dev/,
    );
  });

  it('refuse an integration the rehearsal does not know', async () => {
    const state = environment([useThroughDynamoDb]);
    const api = state.resources.find((r) => r.type === 'aws_api_gateway_rest_api')!;
    api.values.body = JSON.stringify({
      paths: {
        '/x': {
          get: {
            operationId: 'listItems',
            'x-amazon-apigateway-integration': { type: 'http_proxy', uri: 'https://example.com' },
          },
        },
      },
    });
    await assert.rejects(runtimeRequests(state, infrastructure), /does not know/);
  });
});

describe('policy sizes', () => {
  it("are counted as IAM counts them and held to IAM's quotas", () => {
    const big = doc(
      statement(
        'Allow',
        Array.from({ length: 400 }, (_, i) => `dynamodb:Action${i}`),
        '*',
      ),
    );
    const policies = new DeployedPolicies([
      applied('bootstrap', [
        { type: 'aws_iam_policy', values: { name: 'write', arn: 'arn:aws:iam::1:policy/write', policy: big } },
      ]),
    ]);
    const [size] = policies.sizes();
    assert.equal(size!.characters, JSON.stringify(JSON.parse(big)).length);
    assert.ok(size!.characters > 6_144);
  });
});

/** A bootstrap with dev's deploy roles (no grants: everything asked of them is denied) and its state bucket. */
function bootstrapWithDeployRoles(): AppliedState {
  const roleArn = (name: string) => `arn:aws:iam::${accountId}:role/${name}`;
  const trust = doc(statement('Allow', 'sts:AssumeRoleWithWebIdentity', '*', undefined, { Federated: 'github' }));
  const state = applied('bootstrap', [
    {
      type: 'aws_iam_role',
      values: { name: 'github-deploy-dev-plan', arn: roleArn('github-deploy-dev-plan'), assume_role_policy: trust },
    },
    {
      type: 'aws_iam_role',
      values: { name: 'github-deploy-dev-apply', arn: roleArn('github-deploy-dev-apply'), assume_role_policy: trust },
    },
    { type: 'aws_s3_bucket', values: { bucket: 'org-tfstate' } },
  ]);
  state.outputs = {
    github_plan_role_arns: { dev: roleArn('github-deploy-dev-plan') },
    github_apply_role_arns: { dev: roleArn('github-deploy-dev-apply') },
    github_permissions_boundary_arns: { dev: `arn:aws:iam::${accountId}:policy/github-deploy-dev-boundary` },
  };
  return state;
}

const mockedInput = (env: AppliedState) => ({
  bootstrap: bootstrapWithDeployRoles(),
  envs: [env],
  infrastructure,
  stateKeys: { dev: 'items-api/dev/terraform.tfstate' },
});

describe('the mocked check', () => {
  it('passes the documents that allow every runtime request and deny the rest', async () => {
    const report = await checkMocked(mockedInput(environment([useThroughDynamoDb, useThroughSsm])));
    assert.equal(report.ok, true, report.lines.join('\n'));
    assert.match(report.lines[0]!, /requests judged against the mocked apply of bootstrap, dev/);
  });

  it('fails when the key policy no longer lets SSM use the key, naming principal, action, resource, context and the deciding statements', async () => {
    const report = await checkMocked(mockedInput(environment([useThroughDynamoDb])));
    assert.equal(report.ok, false);
    const failure = report.lines.find((l) => l.includes('FAIL') && l.includes('SSM decrypts'))!;
    for (const shown of [
      `principal ${fnRole}`,
      'action    kms:Decrypt',
      `resource  ${keyArn}`,
      'ssm.us-east-1.amazonaws.com',
      'deciding',
      'resource policy',
    ])
      assert.ok(failure.includes(shown), `the failure names ${shown}:\n${failure}`);
  });

  it("fails when the function's role loses its decryption through SSM", async () => {
    const env = environment([useThroughDynamoDb, useThroughSsm]);
    const inline = env.resources.find(
      (r) => r.type === 'aws_iam_role_policy' && r.values.role === 'items-api-dev-lambda-us-east-1',
    )!;
    const policy = JSON.parse(inline.values.policy as string) as { Statement: Array<{ Condition?: object }> };
    policy.Statement = policy.Statement.filter((s) => !JSON.stringify(s.Condition ?? {}).includes('PARAMETER_ARN'));
    inline.values.policy = JSON.stringify(policy);
    const report = await checkMocked(mockedInput(env));
    assert.equal(report.ok, false);
    assert.ok(report.lines.some((l) => l.includes('FAIL') && l.includes('kms:Decrypt') && l.includes(fnRole)));
  });

  it("judges a role's requests without its boundary when that alone rendered empty: a denial stands, a grant is counted short of it", async () => {
    const boundaryArn = `arn:aws:iam::${accountId}:policy/github-deploy-dev-boundary`;
    const bounded = (withRead: boolean) => {
      const env = environment([useThroughDynamoDb, useThroughSsm]);
      const role = env.resources.find((r) => r.values.arn === fnRole)!;
      role.values.permissions_boundary = boundaryArn;
      env.resources.push({
        address: 'aws_iam_policy.boundary',
        type: 'aws_iam_policy',
        values: { name: 'b', arn: boundaryArn, policy: doc() },
      });
      const inline = env.resources.find(
        (r) => r.type === 'aws_iam_role_policy' && r.values.role === 'items-api-dev-lambda-us-east-1',
      )!;
      const policy = JSON.parse(inline.values.policy as string) as { Statement: Array<{ Action: unknown }> };
      if (!withRead) policy.Statement = policy.Statement.filter((st) => st.Action !== 'ssm:GetParameter');
      inline.values.policy = JSON.stringify(policy);
      return env;
    };
    const complete = await checkMocked(mockedInput(bounded(true)));
    assert.equal(complete.ok, true, complete.lines.join('\n'));
    assert.ok(complete.lines.some((l) => /short of a boundary: [1-9]\d* requests/.test(l)));
    const withoutRead = await checkMocked(mockedInput(bounded(false)));
    assert.equal(withoutRead.ok, false);
    assert.ok(
      withoutRead.lines.some((l) => l.includes('FAIL') && l.includes('ssm:GetParameter') && l.includes(fnRole)),
    );
  });

  it('judges no request whose documents the mocked provider rendered empty, and names those documents', async () => {
    const env = environment([]);
    env.resources.find((r) => r.type === 'aws_kms_key')!.values.policy = doc();
    const report = await checkMocked(mockedInput(env));
    assert.equal(report.ok, true, report.lines.join('\n'));
    assert.ok(report.lines.some((l) => /not judged: \d+ requests .*aws_kms_key\.r1/.test(l)));
  });
});

describe('a mocked state, named as AWS would name it', () => {
  const mocked = (
    resources: Array<{ address: string; type: string; values: Record<string, unknown> }>,
    outputs = {},
  ) => ({
    values: { outputs, root_module: { resources } },
  });
  const identity = {
    address: 'data.aws_caller_identity.current',
    type: 'aws_caller_identity',
    values: { account_id: accountId },
  };
  // What an override gives every instance of an address: the first Region's names.
  const mockRole = `arn:aws:iam::${accountId}:role/items-api-prod-lambda-us-east-1`;
  const api = (region: string) => [
    {
      address: `module.api["${region}"].aws_iam_role.lambda`,
      type: 'aws_iam_role',
      values: { name: `items-api-prod-lambda-${region}`, arn: mockRole, id: 'items-api-prod-lambda-us-east-1' },
    },
    {
      address: `module.api["${region}"].aws_iam_role_policy.lambda`,
      type: 'aws_iam_role_policy',
      values: { role: 'items-api-prod-lambda-us-east-1', policy: doc() },
    },
    {
      address: `module.api["${region}"].aws_lambda_function.this`,
      type: 'aws_lambda_function',
      values: {
        function_name: 'items-api-prod',
        region,
        role: mockRole,
        arn: 'arn:aws:lambda:us-east-1:123456789012:function:items-api-prod',
      },
    },
  ];

  it('gives each instance its own ARN, and each reference the instance it shares its keys with', () => {
    const state = mocked([identity, ...api('us-east-1'), ...api('us-west-2')], {
      function_roles: { value: { 'us-west-2': mockRole } },
    });
    const mirrored = readAppliedState('prod', mirrorAppliedState(state));
    const fn = mirrored.resources.find((r) => r.address === 'module.api["us-west-2"].aws_lambda_function.this')!;
    assert.equal(fn.values.arn, `arn:aws:lambda:us-west-2:${accountId}:function:items-api-prod`);
    assert.equal(fn.values.role, `arn:aws:iam::${accountId}:role/items-api-prod-lambda-us-west-2`);
    const inline = mirrored.resources.find((r) => r.address === 'module.api["us-west-2"].aws_iam_role_policy.lambda')!;
    assert.equal(inline.values.role, 'items-api-prod-lambda-us-west-2');
    const east = mirrored.resources.find((r) => r.address === 'module.api["us-east-1"].aws_lambda_function.this')!;
    assert.equal(east.values.role, mockRole, "the first Region's names were already AWS's");
    assert.deepEqual(mirrored.outputs.function_roles, {
      'us-west-2': `arn:aws:iam::${accountId}:role/items-api-prod-lambda-us-west-2`,
    });
  });

  it('fails on a value that two instances match equally', () => {
    const state = mocked([identity, ...api('us-east-1'), ...api('us-west-2')]);
    const other = state.values.root_module.resources;
    other.push({
      address: 'aws_sns_topic.x',
      type: 'aws_sns_topic',
      values: { name: 'x', region: 'eu-west-1', arn: 'arn:aws:sns:eu-west-1:1:y' },
    });
    other.push({
      address: 'aws_sns_topic.y',
      type: 'aws_sns_topic',
      values: { name: 'y', region: 'eu-west-1', arn: 'arn:aws:sns:eu-west-1:1:y' },
    });
    state.values.outputs = { topic: { value: 'arn:aws:sns:eu-west-1:1:y' } };
    assert.throws(() => mirrorAppliedState(state), /output topic: arn:aws:sns:eu-west-1:1:y names one of/);
  });
});

describe('grants no rehearsed call exercised', () => {
  const env = environment([useThroughDynamoDb, useThroughSsm]);
  const withApplyGrant = (action: string) => {
    const bootstrap = bootstrapWithDeployRoles();
    bootstrap.resources.push({
      address: 'aws_iam_role_policy.apply',
      type: 'aws_iam_role_policy',
      values: { role: 'github-deploy-dev-apply', name: 'write', policy: doc(statement('Allow', [action], '*')) },
    });
    return bootstrap;
  };

  it('fail unless unexercised-grants.ts names the path that needs them', () => {
    const bootstrap = withApplyGrant('s3:DeleteBucket');
    const report = unexercisedGrantsReport({ bootstrap, envs: [env] }, [], new DeployedPolicies([bootstrap, env]));
    assert.ok(report.failures > 0);
    assert.ok(report.lines.some((l) => /FAIL dev apply role: .*on no listed path.*s3:DeleteBucket/.test(l)));
  });

  it('pass when a listed path needs them, and every entry carries its reason', () => {
    const bootstrap = withApplyGrant('lambda:PutFunctionConcurrency');
    const report = unexercisedGrantsReport({ bootstrap, envs: [env] }, [], new DeployedPolicies([bootstrap, env]));
    assert.ok(!report.lines.some((l) => l.includes('FAIL dev apply role')), report.lines.join('\n'));
    for (const grant of unexercisedGrants) assert.ok(grant.reason.length > 40, `${grant.actions.join(' ')}: a reason`);
  });
});
