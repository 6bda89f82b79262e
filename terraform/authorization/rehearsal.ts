/**
 * The authorization rehearsal: after the apply rehearsal, every call the deployed API and its pipeline make,
 * evaluated against the policies the apply created (the emulator allows everything; AWS does not).
 *  - runtime: runtime-requests.ts per environment, and API Gateway's logging role (account-requests.ts);
 *  - pipeline: every call moto logged in an environment's plan, apply, `npm run cursor-key` and `npm run stage-env`
 *    steps, as the role the deploy workflow gives that step (plan role: init, plan, stage-env; apply role: apply,
 *    cursor-key, and teardown: an apply that replaces or removes a resource deletes it as the apply role), mapped by
 *    recorded-calls.ts;
 *  - denials: the deploy roles' limits (account-requests.ts) and the plan role writing the state;
 *  - sizes: every managed, inline and trust policy within IAM's quotas.
 */
import { type AppliedState, ofType, stringValue } from './applied-state.ts';
import { deployDenials, deployRoles, loggingRoleRequests, type DeployRoles } from './account-requests.ts';
import { DeployedPolicies, policySizeLimits } from './deployed-policies.ts';
import { type AccessRequest, type Verdict, evaluate } from './evaluate.ts';
import { type Account, type RecordedCall, UnmappedCall, authorizationsOf } from './recorded-calls.ts';
import { type Infrastructure, runtimeRequests } from './runtime-requests.ts';
import { allowedUnexercised, unexercisedGrants } from './unexercised-grants.ts';

export interface DeploymentInput {
  bootstrap: AppliedState;
  envs: AppliedState[];
  infrastructure: Infrastructure;
  /** Each environment's state key, as the deploy workflow inits it (its backend.hcl.example). */
  stateKeys: Record<string, string>;
}

export interface RehearsalInput extends DeploymentInput {
  calls: RecordedCall[];
}

export interface Report {
  verdicts: Verdict[];
  unmapped: string[];
  oversized: string[];
  skippedCalls: number;
  lines: string[];
  ok: boolean;
}

/** The role the deploy workflow runs each rehearsed step as; null: a step no workflow runs (an administrator's). */
const stepRoles: Record<string, keyof Pick<DeployRoles, 'plan' | 'apply'> | null> = {
  init: 'plan',
  plan: 'plan',
  'stage-env': 'plan',
  apply: 'apply',
  'cursor-key': 'apply',
  teardown: 'apply',
  'admin-teardown': null,
};

function account(input: RehearsalInput, env: string): Account {
  const all = [input.bootstrap, ...input.envs];
  const bucket = ofType([input.bootstrap], 'aws_s3_bucket').map((b) => stringValue(b, 'bucket'))[0];
  if (!bucket) throw new Error('bootstrap: no state bucket');
  const id = stringValue(ofType(all, 'aws_iam_role')[0]!, 'arn').split(':')[4]!;
  const aliases = ofType(all, 'aws_kms_alias');
  const parameters = Object.values(
    (input.envs.find((e) => e.root === env)?.outputs.cursor_signing_key_parameters as Record<
      string,
      { arn: string; kms_key_arn: string }
    >) ?? {},
  );
  return {
    id,
    // The rehearsal's backend writes `<env>/<tool>.tfstate` in a plain bucket (moto serves no TLS, which the real
    // bucket's policy requires): each of its calls stands for the same call on the env's key in the state bucket.
    stateObject: (_bucket, key) => ({
      bucket,
      key: key === '' ? '' : `${input.stateKeys[env]}${key.endsWith('.tflock') ? '.tflock' : ''}`,
    }),
    boundaryOf: (roleName) =>
      ofType(all, 'aws_iam_role').find((r) => r.values.name === roleName)?.values.permissions_boundary as
        string | undefined,
    keyOfAlias: (region, alias) => {
      const found = aliases.find((a) => a.values.name === alias && (a.values.region ?? region) === region);
      return found ? stringValue(found, 'target_key_arn') : undefined;
    },
    keyOfParameter: (arn) => {
      const secure = parameters.find((p) => p.arn === arn);
      if (secure) return secure.kms_key_arn;
      const managed = ofType(all, 'aws_ssm_parameter').find((p) => p.values.arn === arn);
      return managed && managed.values.type !== 'SecureString' ? null : undefined;
    },
  };
}

function pipelineRequests(input: RehearsalInput, unmapped: string[]): { requests: AccessRequest[]; skipped: number } {
  const requests: AccessRequest[] = [];
  let skipped = 0; // the bootstrap's (an administrator applies it), another tool's pass, an administrator's teardown
  for (const call of input.calls) {
    const [env, phase] = call.step.split(':');
    if (!env || !phase || !input.envs.some((e) => e.root === env)) {
      skipped++;
      continue;
    }
    if (!(phase in stepRoles)) {
      unmapped.push(`a call in an unknown step ${call.step}`);
      continue;
    }
    const role = stepRoles[phase];
    if (!role) {
      skipped++;
      continue;
    }
    const principal = deployRoles(input.bootstrap, env)[role];
    try {
      for (const a of authorizationsOf(call, account(input, env)))
        requests.push({
          source: `${env} pipeline: ${phase}`,
          why: `${call.service} ${call.operation}${a.why ? ` (${a.why})` : ''}`,
          principal,
          action: a.action,
          resource: a.resource,
          context: a.context,
          expect: 'allow',
        });
    } catch (error) {
      if (!(error instanceof UnmappedCall)) throw error;
      unmapped.push(
        `${call.step}: ${call.service ?? '?'} ${call.operation ?? `${call.method} ${call.path}`}: ${error.message}`,
      );
    }
  }
  return { requests, skipped };
}

function stateDenials(input: DeploymentInput, env: string, roles: DeployRoles): AccessRequest[] {
  const bucket = ofType([input.bootstrap], 'aws_s3_bucket').map((b) => stringValue(b, 'bucket'))[0]!;
  return [
    {
      source: `${env} deploy identity`,
      why: 'the plan role must not write the state',
      principal: roles.plan,
      action: 's3:PutObject',
      resource: `arn:aws:s3:::${bucket}/${input.stateKeys[env]}`,
      context: { 'aws:SecureTransport': 'true', 'aws:RequestedRegion': 'us-east-1' },
      expect: 'deny',
    },
  ];
}

/**
 * What the applied documents alone decide, without a recorded call: the runtime requests of every environment, API
 * Gateway's logging role, and the deploy identity's denials. The mocked check (mocked.ts) simulates exactly these.
 */
export async function deploymentRequests(input: DeploymentInput): Promise<AccessRequest[]> {
  const requests: AccessRequest[] = [...loggingRoleRequests(input.bootstrap)];
  for (const env of input.envs) {
    requests.push(...(await runtimeRequests(env, input.infrastructure)));
    const roles = deployRoles(input.bootstrap, env.root);
    const other = input.envs.find((e) => e !== env);
    const otherTable = other
      ? stringValue(ofType([other], 'aws_dynamodb_table')[0]!, 'arn')
      : stringValue(ofType([env], 'aws_dynamodb_table')[0]!, 'arn').replace(/table\/(.+)$/, 'table/another-api');
    requests.push(...deployDenials(env, roles, otherTable), ...stateDenials(input, env.root, roles));
  }
  return requests;
}

/** Each request's verdict against the documents of the states, and the policies over IAM's size quotas. */
export async function evaluateAll(
  states: readonly AppliedState[],
  requests: readonly AccessRequest[],
): Promise<{ verdicts: Verdict[]; oversized: string[]; policies: DeployedPolicies }> {
  const policies = new DeployedPolicies(states);
  const accountId = stringValue(ofType(states, 'aws_iam_role')[0]!, 'arn').split(':')[4]!;
  const verdicts: Verdict[] = [];
  for (const request of requests) verdicts.push(await evaluate(request, policies, accountId));
  const oversized = policies
    .sizes()
    .filter((s) => s.characters > policySizeLimits[s.kind])
    .map(
      (s) => `${s.policy}: ${s.characters} characters, over IAM's ${policySizeLimits[s.kind]} for ${s.kind} policies`,
    );
  return { verdicts, oversized, policies };
}

/** How many verdicts of requests from `source` were the expected `expect`. */
export const countExpected = (verdicts: readonly Verdict[], source: string, expect: 'allow' | 'deny'): number =>
  verdicts.filter((v) => v.ok && v.request.expect === expect && v.request.source.includes(source)).length;

/**
 * The deploy roles' grants held to the calls: what no recorded call (nor what a call makes AWS check) exercised must
 * be in unexercised-grants.ts with the path that needs it, and what that list allows must still be unexercised in
 * some rehearsed environment.
 */
export function unexercisedGrantsReport(
  input: Pick<DeploymentInput, 'bootstrap' | 'envs'>,
  verdicts: readonly Verdict[],
  policies: DeployedPolicies,
): { lines: string[]; failures: number } {
  const lines: string[] = [];
  let failures = 0;
  const stillNeeded = new Set<string>();
  for (const env of input.envs)
    for (const kind of ['plan', 'apply'] as const) {
      const arn = deployRoles(input.bootstrap, env.root)[kind];
      const used = new Set(
        verdicts
          .filter((v) => v.ok && v.request.expect === 'allow' && v.request.principal === arn)
          .map((v) => v.request.action),
      );
      const granted = policies
        .role(arn)
        .identity.flatMap((p) => [p.policy.Statement].flat() as Array<{ Effect?: string; Action?: string | string[] }>)
        .filter((st) => st.Effect === 'Allow')
        .flatMap((st) => [st.Action ?? []].flat());
      const allowed = allowedUnexercised(kind, env.root);
      const unexercised = [...new Set(granted)].filter((a) => !used.has(a)).sort();
      const unexplained = unexercised.filter((a) => !allowed.some((g) => g.actions.includes(a)));
      for (const g of allowed) for (const a of g.actions) if (!used.has(a)) stillNeeded.add(`${kind} ${a}`);
      lines.push(
        `authorization:   ${env.root} ${kind} role: ${unexercised.length - unexplained.length} grants unexercised on a listed path (unexercised-grants.ts)`,
      );
      if (unexplained.length > 0) {
        failures++;
        lines.push(
          `authorization: FAIL ${env.root} ${kind} role: granted, never exercised, on no listed path (over-broad, or add the path to unexercised-grants.ts): ${unexplained.join(' ')}`,
        );
      }
    }
  const rehearsed = new Set(input.envs.map((e) => e.root));
  const stale = unexercisedGrants
    .filter((g) => !g.envs || g.envs.some((e) => rehearsed.has(e)))
    .flatMap((g) => g.actions.map((a) => `${g.role} ${a}`))
    .filter((entry) => !stillNeeded.has(entry));
  if (stale.length > 0) {
    failures++;
    lines.push(
      `authorization: FAIL unexercised-grants.ts lists grants the rehearsal exercised (remove them): ${[...new Set(stale)].join(', ')}`,
    );
  }
  return { lines, failures };
}

/** Every request's verdict, and the report lines: counts first, then each failure with what decided it. */
export async function rehearseAuthorization(input: RehearsalInput): Promise<Report> {
  const unmapped: string[] = [];
  const requests = await deploymentRequests(input);
  const pipeline = pipelineRequests(input, unmapped);
  requests.push(...pipeline.requests);
  const { verdicts, oversized, policies } = await evaluateAll([input.bootstrap, ...input.envs], requests);

  const grants = unexercisedGrantsReport(input, verdicts, policies);
  const count = (source: string, expect: 'allow' | 'deny') => countExpected(verdicts, source, expect);
  const failures = verdicts.filter((v) => !v.ok);
  const wrong = failures.length + unmapped.length + oversized.length + grants.failures;
  const lines = [
    `authorization: ${verdicts.length} requests simulated against the applied policies of ${[input.bootstrap, ...input.envs].map((s) => s.root).join(', ')}`,
    `authorization:   runtime   ${count('runtime', 'allow')} allowed and ${count('runtime', 'deny')} denied as expected`,
    `authorization:   pipeline  ${count('pipeline', 'allow')} allowed as expected, from ${input.calls.length} recorded calls (${pipeline.skipped} of the bootstrap, another tool's pass or an administrator's step, not evaluated)`,
    `authorization:   identity  ${count('deploy identity', 'deny')} denied as expected`,
    ...grants.lines,
    ...failures.map((v) => `authorization: FAIL ${v.detail}`),
    ...unmapped.map((u) => `authorization: FAIL unmapped call: ${u}`),
    ...oversized.map((o) => `authorization: FAIL policy size: ${o}`),
    `authorization: ${wrong === 0 ? 'ok' : `${failures.length} verdicts, ${unmapped.length} unmapped calls, ${oversized.length} policy sizes and ${grants.failures} unexercised grants wrong`}`,
  ];
  return {
    verdicts,
    unmapped,
    oversized,
    skippedCalls: pipeline.skipped,
    lines,
    ok: wrong === 0,
  };
}
