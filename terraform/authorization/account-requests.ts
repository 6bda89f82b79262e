/**
 * What the deploy identity (envs/bootstrap) must and must not allow around an environment: API Gateway assuming the
 * account's logging role, and the denials that keep a plan role read-only and an apply role inside its environment.
 */
import { type AppliedState, ofType, stringValue } from './applied-state.ts';
import type { AccessRequest } from './evaluate.ts';

export interface DeployRoles {
  plan: string;
  apply: string;
  boundary: string;
}

/** The bootstrap's outputs of the deploy identity for one environment. */
export function deployRoles(bootstrap: AppliedState, env: string): DeployRoles {
  const output = (name: string): string => {
    const value = (bootstrap.outputs[name] as Record<string, string> | undefined)?.[env];
    if (!value) throw new Error(`bootstrap: no ${name}.${env} output (was it applied with github_repository?)`);
    return value;
  };
  return {
    plan: output('github_plan_role_arns'),
    apply: output('github_apply_role_arns'),
    boundary: output('github_permissions_boundary_arns'),
  };
}

/** API Gateway writes every stage's logs with the account's CloudWatch role, assumed without aws:SourceAccount. */
export function loggingRoleRequests(bootstrap: AppliedState): AccessRequest[] {
  return ofType([bootstrap], 'aws_api_gateway_account').map((account) => ({
    source: 'bootstrap runtime',
    why: `API Gateway assumes the account's CloudWatch role (${stringValue(account, 'region')}) to write stage logs`,
    principal: 'apigateway.amazonaws.com',
    action: 'sts:AssumeRole',
    resource: stringValue(account, 'cloudwatch_role_arn'),
    context: {},
    expect: 'allow',
  }));
}

/** What neither deploy role may do to an environment beyond its grants: the plan role changes nothing, the apply
 * role never reads data with the key nor escapes the boundary or its environment. */
export function deployDenials(env: AppliedState, roles: DeployRoles, otherEnvTable: string): AccessRequest[] {
  const source = `${env.root} deploy identity`;
  const deny = (
    principal: string,
    why: string,
    action: string,
    resource: string,
    context: Record<string, string> = {},
  ): AccessRequest => ({
    source,
    why,
    principal,
    action,
    resource,
    context: { 'aws:RequestedRegion': resource.split(':')[3] || 'us-east-1', ...context },
    expect: 'deny',
  });
  const keys = [...ofType([env], 'aws_kms_key'), ...ofType([env], 'aws_kms_replica_key')].map((k) =>
    stringValue(k, 'arn'),
  );
  const tables = ofType([env], 'aws_dynamodb_table').map((t) => stringValue(t, 'arn'));
  const functions = ofType([env], 'aws_lambda_function').map((f) => stringValue(f, 'arn'));
  const serviceRoles = ofType([env], 'aws_iam_role').map((r) => stringValue(r, 'arn'));
  const requests: AccessRequest[] = [];
  for (const key of keys) {
    const account = key.split(':')[4]!;
    for (const action of ['kms:PutKeyPolicy', 'kms:ScheduleKeyDeletion', 'kms:DisableKey', 'kms:Decrypt'])
      requests.push(
        deny(roles.plan, `the plan role must not ${action} the environment's key`, action, key, {
          'kms:CallerAccount': account,
        }),
      );
    requests.push(
      deny(roles.apply, 'the apply role must not use the key outside its services', 'kms:Decrypt', key, {
        'kms:CallerAccount': account,
      }),
    );
  }
  for (const table of tables) {
    requests.push(deny(roles.plan, 'the plan role must not change the table', 'dynamodb:DeleteTable', table));
    requests.push(deny(roles.plan, 'the plan role must not write items', 'dynamodb:PutItem', table));
  }
  requests.push(
    deny(
      roles.apply,
      "the apply role must not touch another environment's table",
      'dynamodb:DeleteTable',
      otherEnvTable,
    ),
  );
  for (const fn of functions)
    requests.push(deny(roles.plan, 'the plan role must not deploy code', 'lambda:UpdateFunctionCode', fn));
  for (const role of serviceRoles)
    requests.push(deny(roles.plan, 'the plan role must not change a role', 'iam:PutRolePolicy', role));
  const account = roles.apply.split(':')[4]!;
  const newRole = `arn:aws:iam::${account}:role/${ofType([env], 'aws_lambda_function')[0]?.values.function_name as string}-new`;
  requests.push(
    deny(roles.apply, 'the apply role must not create a role without the boundary', 'iam:CreateRole', newRole),
  );
  requests.push(
    deny(roles.apply, 'the apply role must not change its own policies', 'iam:PutRolePolicy', roles.apply, {
      'iam:PermissionsBoundary': roles.boundary,
    }),
  );
  return requests;
}
