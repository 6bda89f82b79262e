/**
 * The mocked authorization check: the rehearsal's runtime and deploy-identity simulations (rehearsal.ts's
 * deploymentRequests) against the documents of a mocked apply (mocked-state.ts), so a policy edit is checked in
 * seconds instead of after the apply rehearsal. The pipeline's recorded calls need moto and stay rehearsal-only.
 *
 * Every policy is written as jsonencode() of its statements and renders under the mocked provider as in a plan
 * (test/hcl.test.ts fails on a `data "aws_iam_policy_document"`, which a mocked provider does not render). A document
 * that still renders with no statement cannot be judged: a request whose verdict depends on one (its principal's
 * trust, identity or boundary policy, or its resource's policy) is counted and its documents named, never passed or
 * failed.
 */
import { type AppliedState, ofType, readAppliedState } from './applied-state.ts';
import type { AccessRequest } from './evaluate.ts';
import { type MockedState, mirrorAppliedState } from './mocked-state.ts';
import { type DeploymentInput, countExpected, deploymentRequests, evaluateAll } from './rehearsal.ts';

export interface MockedReport {
  lines: string[];
  ok: boolean;
}

/** A root's `test_state` from `tofu test -json -verbose`, named as AWS would name it, read like `show -json`. */
export function mockedRoot(root: string, state: unknown): AppliedState {
  if (!(state as Partial<MockedState>).values?.root_module) return readAppliedState(root, state);
  return readAppliedState(root, mirrorAppliedState(state as MockedState));
}

const isUnrendered = (json: unknown): boolean => {
  if (typeof json !== 'string') return false;
  const statements = (JSON.parse(json) as { Statement?: unknown }).Statement;
  return Array.isArray(statements) && statements.length === 0;
};

interface Unrendered {
  /** The documents a request's verdict depends on that rendered empty, by resource address. */
  documents: string[];
  /** Whether they are its principal's permissions boundary alone (a boundary only ever takes permissions away). */
  boundaryOnly: boolean;
}

/** What each request depends on that the mocked provider rendered empty. */
function unrenderedDocuments(states: readonly AppliedState[]): (request: AccessRequest) => Unrendered {
  const roles = new Map<string, string[]>();
  const boundaries = new Map<string, string>();
  const addTo = (role: string, address: string) => roles.set(role, [...(roles.get(role) ?? []), address]);
  for (const role of ofType(states, 'aws_iam_role')) {
    const name = role.values.name as string;
    if (isUnrendered(role.values.assume_role_policy)) addTo(`trust:${name}`, role.address);
    const boundary = ofType(states, 'aws_iam_policy').find((p) => p.values.arn === role.values.permissions_boundary);
    if (boundary && isUnrendered(boundary.values.policy)) boundaries.set(name, boundary.address);
  }
  for (const inline of ofType(states, 'aws_iam_role_policy'))
    if (isUnrendered(inline.values.policy)) addTo(inline.values.role as string, inline.address);
  for (const attachment of ofType(states, 'aws_iam_role_policy_attachment')) {
    const policy = ofType(states, 'aws_iam_policy').find((p) => p.values.arn === attachment.values.policy_arn);
    if (policy && isUnrendered(policy.values.policy)) addTo(attachment.values.role as string, policy.address);
  }
  const resources = new Map<string, string>();
  for (const type of ['aws_kms_key', 'aws_kms_replica_key', 'aws_sns_topic_policy', 'aws_s3_bucket_policy'])
    for (const r of ofType(states, type))
      if (isUnrendered(r.values.policy)) resources.set(String(r.values.arn ?? r.values.bucket), r.address);
  return (request) => {
    const roleName = (arn: string) => arn.replace(/^arn:[^:]+:iam::\d+:role\/(?:.*\/)?/, '');
    const principal = request.principal.startsWith('arn:') ? roleName(request.principal) : undefined;
    const bucket = /^arn:[^:]+:s3:::([^/]+)/.exec(request.resource)?.[1];
    const others = [
      ...(principal ? (roles.get(principal) ?? []) : []),
      ...(request.action === 'sts:AssumeRole' ? (roles.get(`trust:${roleName(request.resource)}`) ?? []) : []),
      ...[resources.get(request.resource), bucket && resources.get(bucket)].filter((a): a is string => !!a),
    ];
    const boundary = principal ? boundaries.get(principal) : undefined;
    return { documents: [...others, ...(boundary ? [boundary] : [])], boundaryOnly: !!boundary && others.length === 0 };
  };
}

/** The states without the permissions boundaries that rendered empty (the roles evaluated under their own policies). */
function withoutUnrenderedBoundaries(states: readonly AppliedState[]): AppliedState[] {
  const empty = new Set(
    ofType(states, 'aws_iam_policy')
      .filter((p) => isUnrendered(p.values.policy))
      .map((p) => p.values.arn),
  );
  return states.map((state) => ({
    ...state,
    resources: state.resources.map((r) =>
      r.type === 'aws_iam_role' && empty.has(r.values.permissions_boundary)
        ? { ...r, values: { ...r.values, permissions_boundary: null } }
        : r,
    ),
  }));
}

/**
 * The verdicts that decide something. A request whose only unrendered document is its principal's boundary is
 * evaluated without it: a boundary only takes permissions away, so a denial stands (an expected denial passes, an
 * expected grant fails), and a grant is one short of the boundary (counted, not passed). Any other unrendered
 * document leaves the request unjudged.
 */
export async function checkMocked(input: DeploymentInput): Promise<MockedReport> {
  const states = [input.bootstrap, ...input.envs];
  const dependsOn = unrenderedDocuments(states);
  const requests = await deploymentRequests(input);
  const complete = requests.filter((r) => dependsOn(r).documents.length === 0);
  const boundaryOnly = requests.filter((r) => dependsOn(r).boundaryOnly);
  const unjudged = requests.filter((r) => dependsOn(r).documents.length > 0 && !dependsOn(r).boundaryOnly);
  const { verdicts, oversized } = await evaluateAll(states, complete);
  const short = (await evaluateAll(withoutUnrenderedBoundaries(states), boundaryOnly)).verdicts;
  const denied = short.filter((v) => v.decision !== 'Allowed');
  const judged = [...verdicts, ...denied];
  const allowedShortOfBoundary = short.filter((v) => v.decision === 'Allowed' && v.request.expect === 'allow');
  const failures = judged.filter((v) => !v.ok);
  const documents = [...new Set([...boundaryOnly, ...unjudged].flatMap((r) => dependsOn(r).documents))].sort();
  const lines = [
    `authorization (mocked): ${judged.length} requests judged against the mocked apply of ${states.map((s) => s.root).join(', ')}`,
    `authorization (mocked):   runtime   ${countExpected(judged, 'runtime', 'allow')} allowed and ${countExpected(judged, 'runtime', 'deny')} denied as expected`,
    `authorization (mocked):   identity  ${countExpected(judged, 'deploy identity', 'deny')} denied as expected`,
    ...(documents.length > 0
      ? [
          `authorization (mocked):   short of a boundary: ${allowedShortOfBoundary.length} requests allowed by their role's own policies, its boundary not rendered`,
          `authorization (mocked):   not judged: ${unjudged.length + short.length - denied.length - allowedShortOfBoundary.length} requests depend on documents that rendered with no statement: ${documents.join(', ')}`,
        ]
      : []),
    ...failures.map((v) => `authorization (mocked): FAIL ${v.detail}`),
    ...oversized.map((o) => `authorization (mocked): FAIL policy size: ${o}`),
    `authorization (mocked): ${failures.length + oversized.length === 0 ? 'ok' : `${failures.length} verdicts and ${oversized.length} policy sizes wrong`}`,
  ];
  return { lines, ok: failures.length + oversized.length === 0 };
}
