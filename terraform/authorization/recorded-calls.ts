/**
 * The calls the pipeline made, as the rehearsal's moto logged them (terraform/rehearsal/request_log.py), mapped to
 * the IAM action, resource and condition keys AWS authorizes each with — including what a call makes AWS check as
 * the caller (passing a role, the KMS use behind an SSM SecureString). A call this mapping cannot name is an error,
 * never skipped: a new service or operation in the deploy must be taught here before it is called proven.
 */
import { readFileSync } from 'node:fs';
import type { Context } from './evaluate.ts';

export interface RecordedCall {
  step: string;
  service: string | null;
  region: string | null;
  operation: string | null;
  method: string;
  path: string;
  params: Record<string, unknown>;
  status: number;
}

export interface Authorization {
  action: string;
  resource: string;
  context: Context;
  why: string;
}

/** Where the calls go in the account the rehearsal stands for. */
export interface Account {
  id: string;
  /** The state object the backend wrote in the rehearsal → the state bucket and key the deploy identity grants. */
  stateObject: (bucket: string, key: string) => { bucket: string; key: string };
  /** The boundary a role carries (for iam:PermissionsBoundary on changes of its policies). */
  boundaryOf: (roleName: string) => string | undefined;
  /** A KMS alias name (alias/…) to its key's ARN in a Region. */
  keyOfAlias: (region: string, alias: string) => string | undefined;
  /** The key a SecureString parameter is encrypted with; null for a parameter known not to be a SecureString. */
  keyOfParameter: (parameterArn: string) => string | null | undefined;
}

export class UnmappedCall extends Error {}

/** What DynamoDB does as the caller in a new replica's Region: AWS's list, in the file the deploy identity grants from. */
const replicaCreationActions = (
  JSON.parse(
    readFileSync(new URL('../modules/deploy-identity/replica-creation-actions.json', import.meta.url), 'utf8'),
  ) as { actions: string[] }
).actions;

const str = (params: Record<string, unknown>, key: string): string => {
  const value = params[key];
  if (typeof value !== 'string' || value === '') throw new UnmappedCall(`no ${key} in the call`);
  return value;
};
const list = (params: Record<string, unknown>, key: string): string[] => {
  const value = params[key];
  if (Array.isArray(value)) return value.map(String);
  // The query protocol flattens lists as Key.member.N.
  return Object.entries(params)
    .filter(([k]) => k.startsWith(`${key}.member.`))
    .map(([, v]) => String(v));
};

type Mapper = (call: RecordedCall & { region: string; operation: string }, account: Account) => Authorization[];

const one = (action: string, resource: string, context: Context = {}, why = ''): Authorization[] => [
  { action, resource, context, why },
];

/** The ARN standing for an AWS managed key (alias/aws/<service>), whose id the account does not choose. */
export const awsManagedKeyArn = (region: string, accountId: string, alias: string): string =>
  `arn:aws:kms:${region}:${accountId}:key/${alias.replace(/^alias\//, '')}`;

const kmsKey = (region: string, account: Account, keyId: string): string => {
  if (keyId.startsWith('arn:') && keyId.includes(':key/')) return keyId;
  const alias = keyId.startsWith('arn:') ? keyId.slice(keyId.indexOf(':alias/') + 1) : keyId;
  if (alias.startsWith('alias/aws/')) return awsManagedKeyArn(region, account.id, alias);
  if (alias.startsWith('alias/')) {
    const arn = account.keyOfAlias(region, alias);
    if (!arn) throw new UnmappedCall(`unknown KMS alias ${alias}`);
    return arn;
  }
  return `arn:aws:kms:${region}:${account.id}:key/${keyId}`;
};

const dynamodb: Mapper = (call, account) => {
  const { operation, params, region } = call;
  if (operation === 'DescribeLimits') return one('dynamodb:DescribeLimits', '*');
  const table =
    typeof params.ResourceArn === 'string'
      ? params.ResourceArn
      : `arn:aws:dynamodb:${region}:${account.id}:table/${str(params, 'TableName')}`;
  const calls = one(`dynamodb:${operation}`, table);
  // A table (or replica) encrypted with a customer managed key: DynamoDB describes the key and creates a grant on
  // it as the caller (AWS KMS Developer Guide, "How Amazon DynamoDB uses AWS KMS").
  const viaDynamoDB = (keyId: string, keyRegion: string, why: string): Authorization[] =>
    ['kms:DescribeKey', 'kms:CreateGrant'].map((action) => ({
      action,
      resource: kmsKey(keyRegion, account, keyId),
      context: {
        'kms:ViaService': `dynamodb.${keyRegion}.amazonaws.com`,
        'kms:CallerAccount': account.id,
        'aws:RequestedRegion': keyRegion,
      },
      why,
    }));
  const sse = params.SSESpecification as { KMSMasterKeyId?: string } | undefined;
  if (sse?.KMSMasterKeyId) calls.push(...viaDynamoDB(sse.KMSMasterKeyId, region, "the table's key"));
  // UpdateTable adding a replica: DynamoDB creates and fills it as the caller in the destination Region
  // ("DynamoDB global tables security", Amazon DynamoDB Developer Guide).
  const updates =
    (params.ReplicaUpdates as Array<{ Create?: { RegionName: string; KMSMasterKeyId?: string } }> | undefined) ?? [];
  for (const create of updates.flatMap((u) => (u.Create ? [u.Create] : []))) {
    if (create.KMSMasterKeyId)
      calls.push(...viaDynamoDB(create.KMSMasterKeyId, create.RegionName, `the replica's key in ${create.RegionName}`));
    const replica = table.replace(`:${region}:`, `:${create.RegionName}:`);
    for (const action of replicaCreationActions)
      calls.push({
        action,
        resource: replica,
        context: { 'aws:RequestedRegion': create.RegionName },
        why: `replica in ${create.RegionName}`,
      });
    calls.push({
      action: 'dynamodb:DescribeLimits',
      resource: '*',
      context: { 'aws:RequestedRegion': create.RegionName },
      why: `replica in ${create.RegionName}`,
    });
  }
  return calls;
};

const kms: Mapper = (call, account) => {
  const { operation, params, region } = call;
  if (operation === 'CreateKey' || operation === 'ListAliases') return one(`kms:${operation}`, '*');
  if (operation === 'CreateAlias' || operation === 'UpdateAlias' || operation === 'DeleteAlias') {
    const alias = `arn:aws:kms:${region}:${account.id}:${str(params, 'AliasName')}`;
    const target =
      typeof params.TargetKeyId === 'string'
        ? params.TargetKeyId
        : account.keyOfAlias(region, str(params, 'AliasName'));
    return [
      { action: `kms:${operation}`, resource: alias, context: {}, why: 'the alias' },
      ...(target
        ? [{ action: `kms:${operation}`, resource: kmsKey(region, account, target), context: {}, why: 'its key' }]
        : []),
    ];
  }
  const key = kmsKey(region, account, str(params, 'KeyId'));
  const calls = one(`kms:${operation}`, key);
  if (operation === 'ReplicateKey') {
    // A replica is created in its Region as the caller (AWS KMS Developer Guide, "Controlling access to multi-Region keys").
    const replicaRegion = str(params, 'ReplicaRegion');
    calls.push({
      action: 'kms:CreateKey',
      resource: '*',
      context: { 'aws:RequestedRegion': replicaRegion },
      why: `the replica in ${replicaRegion}`,
    });
    if (params.Tags)
      calls.push({
        action: 'kms:TagResource',
        resource: key.replace(`:${region}:`, `:${replicaRegion}:`),
        context: { 'aws:RequestedRegion': replicaRegion },
        why: 'tags on the replica',
      });
  }
  return calls;
};

const lambda: Mapper = (call, account) => {
  const { operation, params, region } = call;
  if (operation === 'ListFunctions') return one('lambda:ListFunctions', '*');
  const named =
    typeof params.Resource === 'string'
      ? params.Resource
      : typeof params.ARN === 'string'
        ? params.ARN
        : str(params, 'FunctionName');
  const fn = named.startsWith('arn:')
    ? named.replace(/:(\$LATEST|\d+)$/, '')
    : `arn:aws:lambda:${region}:${account.id}:function:${named}`;
  const calls = one(`lambda:${operation}`, fn);
  // Handing a function its execution role is iam:PassRole (Lambda Developer Guide, "Lambda execution role").
  if (
    (operation === 'CreateFunction' || operation === 'UpdateFunctionConfiguration') &&
    typeof params.Role === 'string'
  )
    calls.push({
      action: 'iam:PassRole',
      resource: params.Role,
      context: { 'iam:PassedToService': 'lambda.amazonaws.com' },
      why: 'its execution role',
    });
  return calls;
};

const apigateway: Mapper = (call, account) => {
  const calls = one(`apigateway:${call.method}`, `arn:aws:apigateway:${call.region}::${call.path.replace(/\/$/, '')}`);
  // Importing a body whose integrations name a role passes it to API Gateway (API Gateway Developer Guide,
  // "Grant permissions to pass a role"): the credentials of every integration.
  const roles = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object')
      for (const [k, v] of Object.entries(value)) {
        if (k === 'credentials' && typeof v === 'string' && v.startsWith(`arn:aws:iam::${account.id}:role/`))
          roles.add(v);
        else visit(v);
      }
  };
  visit(call.params);
  for (const role of roles)
    calls.push({
      action: 'iam:PassRole',
      resource: role,
      context: { 'iam:PassedToService': 'apigateway.amazonaws.com' },
      why: 'an integration role',
    });
  return calls;
};

const iam: Mapper = (call, account) => {
  const { operation, params } = call;
  const role = (name: string) => `arn:aws:iam::${account.id}:role/${name}`;
  if (operation === 'CreateServiceLinkedRole') {
    const service = str(params, 'AWSServiceName');
    if (service !== 'replication.dynamodb.amazonaws.com')
      throw new UnmappedCall(`a service-linked role for ${service}`);
    return one(
      'iam:CreateServiceLinkedRole',
      role('aws-service-role/replication.dynamodb.amazonaws.com/AWSServiceRoleForDynamoDBReplication'),
      { 'iam:AWSServiceName': service },
    );
  }
  if (typeof params.PolicyArn === 'string' && !params.RoleName) return one(`iam:${operation}`, params.PolicyArn);
  if (typeof params.OpenIDConnectProviderArn === 'string')
    return one(`iam:${operation}`, params.OpenIDConnectProviderArn);
  const name = str(params, 'RoleName');
  const context: Context = {};
  // iam:PermissionsBoundary: the boundary a new role is created with, or the one the role carries.
  const boundary =
    operation === 'CreateRole' || operation === 'PutRolePermissionsBoundary'
      ? params.PermissionsBoundary
      : account.boundaryOf(name);
  if (
    typeof boundary === 'string' &&
    [
      'CreateRole',
      'PutRolePolicy',
      'DeleteRolePolicy',
      'PutRolePermissionsBoundary',
      'AttachRolePolicy',
      'DetachRolePolicy',
    ].includes(operation)
  )
    context['iam:PermissionsBoundary'] = boundary;
  const calls = one(`iam:${operation}`, role(name), context);
  // Tags given at creation are authorized as iam:TagRole too (IAM User Guide, "Permissions required to tag IAM
  // entities").
  if (operation === 'CreateRole' && Object.keys(params).some((k) => k.startsWith('Tags.')))
    calls.push({ action: 'iam:TagRole', resource: role(name), context: {}, why: 'tags at creation' });
  return calls;
};

const logs: Mapper = (call, account) => {
  const { operation, params, region } = call;
  const group = (name: string) => `arn:aws:logs:${region}:${account.id}:log-group:${name}`;
  if (operation === 'DescribeLogGroups') return one('logs:DescribeLogGroups', '*'); // no resource type
  if (typeof params.resourceArn === 'string') return one(`logs:${operation}`, params.resourceArn.replace(/:\*$/, ''));
  return one(`logs:${operation}`, group(str(params, 'logGroupName')));
};

const ssm: Mapper = (call, account) => {
  const { operation, params, region } = call;
  const name = str(params, 'Name');
  const parameter = `arn:aws:ssm:${region}:${account.id}:parameter${name.startsWith('/') ? name : `/${name}`}`;
  const calls = one(`ssm:${operation}`, parameter);
  // A SecureString is encrypted and decrypted by SSM with the caller's permissions on the key, the parameter's ARN as
  // encryption context ("How AWS Systems Manager Parameter Store uses AWS KMS", AWS KMS Developer Guide).
  const viaSsm = {
    'kms:ViaService': `ssm.${region}.amazonaws.com`,
    'kms:CallerAccount': account.id,
    'kms:EncryptionContext:PARAMETER_ARN': parameter,
  };
  if (operation === 'PutParameter' && params.Type === 'SecureString')
    calls.push({
      action: 'kms:Encrypt',
      resource: kmsKey(region, account, str(params, 'KeyId')),
      context: viaSsm,
      why: 'SSM encrypts the SecureString',
    });
  if (operation === 'GetParameter' && params.WithDecryption === true && call.status < 400) {
    const key = account.keyOfParameter(parameter);
    if (key === undefined) throw new UnmappedCall(`the type and key of the parameter ${parameter}`);
    if (key !== null)
      calls.push({ action: 'kms:Decrypt', resource: key, context: viaSsm, why: 'SSM decrypts the SecureString' });
  }
  return calls;
};

const sns: Mapper = (call, account) => {
  const { operation, params, region } = call;
  const topic =
    typeof params.TopicArn === 'string'
      ? params.TopicArn
      : typeof params.ResourceArn === 'string'
        ? params.ResourceArn
        : `arn:aws:sns:${region}:${account.id}:${str(params, 'Name')}`;
  return one(`sns:${operation}`, topic);
};

const cloudwatch: Mapper = (call, account) => {
  const { operation, params, region } = call;
  const alarm = (name: string) => `arn:aws:cloudwatch:${region}:${account.id}:alarm:${name}`;
  if (typeof params.ResourceARN === 'string') return one(`cloudwatch:${operation}`, params.ResourceARN);
  const names = typeof params.AlarmName === 'string' ? [params.AlarmName] : list(params, 'AlarmNames');
  if (names.length === 0) throw new UnmappedCall('no alarm named');
  return names.flatMap((name) => one(`cloudwatch:${operation}`, alarm(name)));
};

const cognito: Mapper = (call, account) => {
  const { operation, params, region } = call;
  if (operation === 'CreateUserPool' || operation === 'DescribeUserPoolDomain')
    return one(`cognito-idp:${operation}`, '*');
  if (typeof params.ResourceArn === 'string') return one(`cognito-idp:${operation}`, params.ResourceArn);
  return one(
    `cognito-idp:${operation}`,
    `arn:aws:cognito-idp:${region}:${account.id}:userpool/${str(params, 'UserPoolId')}`,
  );
};

const s3: Mapper = (call, account) => {
  const { operation, params } = call;
  const bucket = str(params, 'Bucket');
  if (operation === 'ListObjectsV2' || operation === 'ListObjects') {
    const mapped = account.stateObject(bucket, typeof params.prefix === 'string' ? params.prefix : '');
    return one('s3:ListBucket', `arn:aws:s3:::${mapped.bucket}`);
  }
  const { bucket: stateBucket, key } = account.stateObject(bucket, str(params, 'Key'));
  const action = {
    GetObject: 's3:GetObject',
    HeadObject: 's3:GetObject',
    PutObject: 's3:PutObject',
    DeleteObject: 's3:DeleteObject',
  }[operation];
  if (!action) throw new UnmappedCall(`S3 ${operation}`);
  return one(action, `arn:aws:s3:::${stateBucket}/${key}`, { 'aws:SecureTransport': 'true' });
};

const wafv2: Mapper = (call, account) =>
  // Reads the web ACL (if any) of a stage; the ACL is not known before the answer: any regional web ACL of the account.
  one(`wafv2:${call.operation}`, `arn:aws:wafv2:${call.region}:${account.id}:regional/webacl/*/*`);

const mappers: Record<string, Mapper> = {
  dynamodb,
  kms,
  lambda,
  apigateway,
  iam,
  logs,
  ssm,
  sns,
  cloudwatch,
  'cognito-idp': cognito,
  s3,
  wafv2,
};

/** What AWS authorizes for one recorded call; [] for a call that needs no permission (sts:GetCallerIdentity). */
export function authorizationsOf(call: RecordedCall, account: Account): Authorization[] {
  if (call.service === 'sts' && call.operation === 'GetCallerIdentity') return []; // needs no permission (STS API reference)
  if (!call.service || !call.region || !call.operation)
    throw new UnmappedCall(`a call the request log could not name (${call.method} ${call.path})`);
  const mapper = mappers[call.service];
  if (!mapper) throw new UnmappedCall(`the service ${call.service}`);
  const region = call.service === 'iam' ? 'us-east-1' : call.region;
  return mapper({ ...call, region, operation: call.operation }, account).map((a) => ({
    ...a,
    context: { 'aws:RequestedRegion': region, 'aws:SecureTransport': 'true', ...a.context },
  }));
}
