/**
 * The deploy roles' grants the apply rehearsal may leave unexercised, each with the path that needs it. The
 * rehearsal applies each environment once from empty, re-plans it (no change) and tears it down: whatever only an
 * in-place change, an optional input or another Region count needs is never called there. Any other grant no
 * recorded call exercised fails the rehearsal (rehearsal.ts): it is over-broad, or this list lacks its path. An
 * entry the rehearsal did exercise fails too, so the list stays exactly what is needed.
 *
 * Derived from the rehearsal of 2026-12-07 (provider hashicorp/aws 6.47.0), and checked by a rehearsal with it
 * (nothing listed was exercised; exactly the grants left out failed); where the provider's source decides
 * (internal/service/<service>/*.go of that version), the reason says what it calls and when.
 */

export interface UnexercisedGrant {
  role: 'plan' | 'apply';
  actions: readonly string[];
  /** Only these environments (their rehearsal leaves it unexercised, another's does not); every one if absent. */
  envs?: readonly string[];
  reason: string;
}

export const unexercisedGrants: readonly UnexercisedGrant[] = [
  {
    role: 'plan',
    actions: ['lambda:ListTags'],
    reason:
      'GetFunction of a tagged function: Lambda returns its tags only with lambda:ListTags ("For tagged functions, this permission is also necessary for GetFunction", Lambda Developer Guide, https://docs.aws.amazon.com/lambda/latest/dg/configuration-tags.html); recorded-calls.ts maps GetFunction to lambda:GetFunction alone',
  },
  {
    role: 'apply',
    actions: ['lambda:ListTags'],
    reason:
      "GetFunction of a tagged function (the plan role's entry says why); recorded-calls.ts maps GetFunction to lambda:GetFunction alone",
  },
  {
    role: 'plan',
    actions: ['wafv2:GetWebACLForResource'],
    reason: "reading a stage's web ACL association (aws_wafv2_web_acl_association): only with lambda-api's web_acl_arn",
  },
  {
    role: 'plan',
    actions: [
      'cloudwatch:DescribeAlarms',
      'cloudwatch:ListTagsForResource',
      'sns:GetTopicAttributes',
      'sns:ListTagsForResource',
    ],
    envs: ['dev'],
    reason:
      "reading the alarms and their topics, which dev does not create (create_alarms = false); prod's plan reads them",
  },
  {
    role: 'plan',
    actions: ['dynamodb:DescribeLimits', 'lambda:GetFunctionConfiguration'],
    reason:
      "in the read policy both roles share, for the apply role: adding a replica Region (DynamoDB checks that Region's limits as the caller), and waiting for a function update (waitFunctionConfigurationUpdated)",
  },
  {
    role: 'apply',
    actions: [
      'wafv2:GetWebACLForResource',
      'wafv2:AssociateWebACL',
      'wafv2:DisassociateWebACL',
      'apigateway:SetWebACL',
    ],
    reason: "associating a web ACL with the stage: only with lambda-api's web_acl_arn",
  },
  {
    role: 'apply',
    actions: [
      'cloudwatch:PutMetricAlarm',
      'cloudwatch:DeleteAlarms',
      'cloudwatch:DescribeAlarms',
      'cloudwatch:ListTagsForResource',
      'sns:CreateTopic',
      'sns:DeleteTopic',
      'sns:GetTopicAttributes',
      'sns:ListTagsForResource',
      'sns:SetTopicAttributes',
    ],
    envs: ['dev'],
    reason:
      "the alarms and their topics, which dev does not create (create_alarms = false); prod's apply exercises them",
  },
  {
    role: 'apply',
    actions: [
      'dynamodb:CreateTableReplica',
      'dynamodb:UpdateTable',
      'dynamodb:DescribeLimits',
      'dynamodb:BatchWriteItem',
      'dynamodb:PutItem',
      'dynamodb:DeleteItem',
      'dynamodb:GetItem',
      'dynamodb:Query',
      'dynamodb:Scan',
      'dynamodb:UpdateItem',
      'dynamodb:TagResource',
      'kms:ReplicateKey',
      'kms:TagResource',
    ],
    envs: ['dev'],
    reason:
      "adding a Region: the replica key, and the table replica DynamoDB creates and fills as the caller (deploy-identity's replica creation list); dev has one Region, prod's apply exercises them",
  },
  {
    role: 'apply',
    actions: ['dynamodb:DeleteTableReplica', 'kms:UpdatePrimaryRegion'],
    reason: "removing a Region's replica, or moving the key's primary Region: never done from an empty account",
  },
  {
    role: 'apply',
    actions: ['iam:CreateServiceLinkedRole'],
    reason:
      'the first table replica of an account: DynamoDB creates its replication service-linked role (AWSServiceRoleForDynamoDBReplication) as the caller; moto creates none',
  },
  {
    role: 'apply',
    actions: [
      'kms:Decrypt',
      'kms:GenerateDataKey',
      'kms:GenerateDataKeyWithoutPlaintext',
      'kms:ReEncryptFrom',
      'kms:ReEncryptTo',
    ],
    reason:
      'DynamoDB uses the table\'s key as the caller when a table or replica is created with it or switched to another (AWS KMS Developer Guide, "How Amazon DynamoDB uses AWS KMS"); moto makes no such call',
  },
  {
    role: 'apply',
    actions: ['kms:CancelKeyDeletion'],
    reason: 'a key administrator (the apply role) cancelling a scheduled deletion after a teardown',
  },
  {
    role: 'apply',
    actions: [
      'lambda:UpdateFunctionCode',
      'lambda:UpdateFunctionConfiguration',
      'lambda:GetFunctionConfiguration',
      'iam:UpdateAssumeRolePolicy',
      'iam:UpdateRole',
      'iam:UpdateRoleDescription',
      'iam:PutRolePermissionsBoundary',
      'kms:UpdateKeyDescription',
      'kms:UpdateAlias',
      'dynamodb:UpdateTimeToLive',
      'cognito-idp:UpdateUserPool',
      'cognito-idp:UpdateUserPoolClient',
      'cognito-idp:UpdateUserPoolDomain',
      'cognito-idp:UpdateResourceServer',
      'cognito-idp:SetUserPoolMfaConfig',
      'logs:AssociateKmsKey',
      'logs:DisassociateKmsKey',
      'logs:DeleteRetentionPolicy',
    ],
    reason:
      'changing a deployed environment in place (new code or settings, then waiting for the update; a role, key, alias, table, pool, client, domain, scope or log group setting): a fresh apply creates them as they are',
  },
  {
    role: 'apply',
    actions: [
      'cloudwatch:TagResource',
      'cloudwatch:UntagResource',
      'cognito-idp:TagResource',
      'cognito-idp:UntagResource',
      'dynamodb:UntagResource',
      'iam:UntagRole',
      'kms:UntagResource',
      'lambda:TagResource',
      'lambda:UntagResource',
      'logs:TagLogGroup',
      'logs:UntagLogGroup',
      'logs:TagResource',
      'logs:UntagResource',
      'sns:TagResource',
      'sns:UntagResource',
    ],
    reason: 'changing the tags (var.tags) of a deployed environment: a fresh apply tags each resource as it creates it',
  },
  {
    role: 'apply',
    actions: ['lambda:PutFunctionConcurrency', 'lambda:DeleteFunctionConcurrency'],
    reason: 'reserving concurrency (reserved_concurrent_executions >= 0) or releasing it: the rehearsal reserves none',
  },
];

/** The entries of one role in one environment. */
export const allowedUnexercised = (role: 'plan' | 'apply', env: string): UnexercisedGrant[] =>
  unexercisedGrants.filter((g) => g.role === role && (!g.envs || g.envs.includes(env)));
