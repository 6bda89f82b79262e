/**
 * One request evaluated as AWS would authorize it, with @cloud-copilot/iam-simulate (identity and resource policies,
 * permissions boundaries, every condition operator, the trust-policy and KMS key-policy rules: a key policy must
 * allow, directly or by delegating to the account). Test-only (AGPL-3.0): never part of the handler or the client.
 */
import {
  getDenialReasons,
  getGrantReasons,
  runSimulation,
  runUnsafeSimulation,
  type Simulation,
} from '@cloud-copilot/iam-simulate';
import { resolveEncryptionContext, withoutEncryptionContext } from './encryption-context.ts';
import type { DeployedPolicies, PolicyDocument } from './deployed-policies.ts';

export type Context = Record<string, string | string[]>;

export interface AccessRequest {
  /** Which part of the deployment makes it: "runtime", "pipeline: apply", … */
  source: string;
  /** What the request is, for the report. */
  why: string;
  /** A role ARN, or a service principal (apigateway.amazonaws.com) for what a service does as itself. */
  principal: string;
  action: string;
  resource: string;
  context: Context;
  expect: 'allow' | 'deny';
}

export interface Verdict {
  request: AccessRequest;
  decision: string;
  ok: boolean;
  /** Principal, action, resource, context and the deciding statements, for a verdict that is not the expected one. */
  detail: string;
}

const accountOf = (arn: string, fallback: string): string =>
  /^arn:[^:]+:[^:]*:[^:]*:(\d{12}):/.exec(arn)?.[1] ?? fallback;

function describe(
  request: AccessRequest,
  decision: string,
  reasons: unknown,
  resourcePolicy: PolicyDocument | undefined,
): string {
  return [
    `${request.source}: ${request.why}`,
    `  expected ${request.expect}, got ${decision}`,
    `  principal ${request.principal}`,
    `  action    ${request.action}`,
    `  resource  ${request.resource}`,
    `  context   ${JSON.stringify(request.context)}`,
    `  deciding  ${JSON.stringify(reasons)}`,
    ...(resourcePolicy ? [`  resource policy ${JSON.stringify(resourcePolicy)}`] : []),
  ].join('\n');
}

export async function evaluate(
  request: AccessRequest,
  policies: DeployedPolicies,
  accountId: string,
): Promise<Verdict> {
  const isService = !request.principal.startsWith('arn:');
  const role = isService ? undefined : policies.role(request.principal);
  const resourcePolicy = policies.resourcePolicy(request.action, request.resource);
  const resolve = (policy: PolicyDocument) => resolveEncryptionContext(policy, request.context);
  const simulation: Simulation = {
    request: {
      principal: request.principal,
      action: request.action,
      resource: { resource: request.resource, accountId: accountOf(request.resource, accountId) },
      contextVariables: withoutEncryptionContext(request.context),
    },
    identityPolicies: (role?.identity ?? []).map((p) => ({ name: p.name, policy: resolve(p.policy) })),
    permissionBoundaryPolicies: role?.boundary
      ? [{ name: role.boundary.name, policy: resolve(role.boundary.policy) }]
      : undefined,
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: resourcePolicy && resolve(resourcePolicy),
  };
  const result = await runSimulation(simulation, {});
  // iam-data's reference lacks some of API Gateway's resource paths (POST /restapis/{id}/stages, …/deployments:
  // "no.resource.types"): such a request is evaluated without that check, as given (runUnsafeSimulation, which
  // cannot take a resource policy; API Gateway's management API has none).
  if (result.resultType === 'error' && result.errors.message === 'no.resource.types' && !resourcePolicy) {
    const decision = runUnsafeSimulation(simulation, {});
    const ok = (decision === 'Allowed') === (request.expect === 'allow');
    return {
      request,
      decision,
      ok,
      detail: ok ? '' : describe(request, `${decision} (without the resource-type check)`, [], undefined),
    };
  }
  if (result.resultType === 'error') {
    return {
      request,
      decision: 'error',
      ok: false,
      detail: describe(request, `a simulation error: ${JSON.stringify(result.errors)}`, [], resourcePolicy),
    };
  }
  const analyses = result.resultType === 'single' ? [result.result] : result.results;
  // A context key the evaluator drops would change the request silently: an error instead.
  const ignored = [...new Set(analyses.flatMap((a) => a.ignoredContextKeys ?? []))];
  if (ignored.length > 0)
    return {
      request,
      decision: 'error',
      ok: false,
      detail: describe(request, `context keys the evaluator ignores: ${ignored.join(', ')}`, [], resourcePolicy),
    };
  const allowed = result.overallResult === 'Allowed';
  const ok = allowed === (request.expect === 'allow');
  const reasons = analyses.map((a) => (allowed ? getGrantReasons(a.analysis) : getDenialReasons(a.analysis)));
  return {
    request,
    decision: result.overallResult,
    ok,
    detail: ok ? '' : describe(request, result.overallResult, reasons, resourcePolicy),
  };
}
