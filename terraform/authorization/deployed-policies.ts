/**
 * Every document that decides access, as applied: each role's trust policy, identity policies (inline and managed)
 * and permissions boundary, each Region's key policy, the functions' resource policies (their Lambda permissions),
 * topic and bucket policies. Built from the applied states of the bootstrap and the environments.
 */
import { type AppliedState, type StateResource, ofType, optionalString, stringValue } from './applied-state.ts';

export interface PolicyDocument {
  Version?: string;
  Statement: unknown;
}

export interface NamedPolicy {
  name: string;
  policy: PolicyDocument;
}

export interface DeployedRole {
  arn: string;
  name: string;
  trust: PolicyDocument;
  identity: NamedPolicy[];
  boundary: NamedPolicy | undefined;
  boundaryArn: string | undefined;
}

/** IAM's quotas on a policy's size, counted as IAM does: without whitespace (IAM and STS quotas, IAM User Guide). */
export const policySizeLimits = { managed: 6_144, inlinePerRole: 10_240, trust: 2_048 } as const;

export interface PolicySize {
  policy: string;
  kind: keyof typeof policySizeLimits;
  characters: number;
}

const parse = (resource: StateResource, key: string): PolicyDocument => {
  const text = stringValue(resource, key);
  try {
    return JSON.parse(text) as PolicyDocument;
  } catch {
    return JSON.parse(decodeURIComponent(text)) as PolicyDocument;
  }
};

const compactLength = (policy: PolicyDocument): number => JSON.stringify(policy).length;

export class DeployedPolicies {
  readonly states: readonly AppliedState[];

  constructor(states: readonly AppliedState[]) {
    this.states = states;
  }

  private managed(arn: string): NamedPolicy {
    const policy = ofType(this.states, 'aws_iam_policy').find((p) => p.values.arn === arn);
    if (!policy) throw new Error(`no managed policy ${arn} in the applied states`);
    return { name: stringValue(policy, 'name'), policy: parse(policy, 'policy') };
  }

  roleNames(): string[] {
    return ofType(this.states, 'aws_iam_role').map((r) => stringValue(r, 'name'));
  }

  /** A role by ARN or name, with everything IAM evaluates for its sessions. */
  role(arnOrName: string): DeployedRole {
    const name = arnOrName.replace(/^arn:[^:]+:iam::\d+:role\/(?:.*\/)?/, '');
    const role = ofType(this.states, 'aws_iam_role').find((r) => r.values.name === name);
    if (!role) throw new Error(`no role ${arnOrName} in the applied states`);
    const inline = ofType(this.states, 'aws_iam_role_policy')
      .filter((p) => p.values.role === name)
      .map((p) => ({ name: `${name}/${stringValue(p, 'name')}`, policy: parse(p, 'policy') }));
    const attached = ofType(this.states, 'aws_iam_role_policy_attachment')
      .filter((a) => a.values.role === name)
      .map((a) => this.managed(stringValue(a, 'policy_arn')));
    const boundaryArn = optionalString(role, 'permissions_boundary');
    return {
      arn: stringValue(role, 'arn'),
      name,
      trust: parse(role, 'assume_role_policy'),
      identity: [...inline, ...attached],
      boundary: boundaryArn ? this.managed(boundaryArn) : undefined,
      boundaryArn,
    };
  }

  /**
   * The key policy in force for a key ARN: its aws_kms_key_policy if one manages it, else the key's own. Two keys
   * (or key policies) of the states under one ARN fail: which policy is in force would depend on the order of the
   * roots (AWS gives every key its own id; the mocked tests must too).
   */
  keyPolicy(keyArn: string): PolicyDocument {
    const [, , , region, account, resource] = keyArn.split(':');
    // An AWS managed key (key/aws/<service>, awsManagedKeyArn): its policy lets the account's principals read its
    // metadata with their own IAM permission ("AWS managed keys" key policies, AWS KMS Developer Guide).
    if (resource?.startsWith('key/aws/'))
      return {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'AllowDirectAccessToKeyMetadata',
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::${account}:root` },
            Action: ['kms:Describe*', 'kms:Get*', 'kms:List*'],
            Resource: '*',
          },
        ],
      };
    const keyId = resource?.replace(/^key\//, '');
    const managed = ofType(this.states, 'aws_kms_key_policy').filter(
      (p) => p.values.key_id === keyId && (p.values.region === undefined || p.values.region === region),
    );
    const keys = [...ofType(this.states, 'aws_kms_key'), ...ofType(this.states, 'aws_kms_replica_key')].filter(
      (k) => k.values.arn === keyArn,
    );
    if (managed.length > 1 || keys.length > 1)
      throw new Error(`KMS key ${keyArn} is in the applied states more than once: give each key its own id`);
    if (managed[0]) return parse(managed[0], 'policy');
    if (!keys[0]) throw new Error(`no KMS key ${keyArn} in the applied states`);
    return parse(keys[0], 'policy');
  }

  /** A function's resource-based policy as Lambda renders its permissions (one statement per aws_lambda_permission). */
  functionPolicy(functionArn: string): PolicyDocument {
    const fn = ofType(this.states, 'aws_lambda_function').find((f) => f.values.arn === functionArn);
    if (!fn) throw new Error(`no function ${functionArn} in the applied states`);
    const statements = ofType(this.states, 'aws_lambda_permission')
      .filter((p) => p.values.function_name === fn.values.function_name && p.values.region === fn.values.region)
      .map((p) => {
        const conditions: Record<string, Record<string, string>> = {};
        const sourceArn = optionalString(p, 'source_arn');
        const sourceAccount = optionalString(p, 'source_account');
        if (sourceArn) conditions.ArnLike = { 'AWS:SourceArn': sourceArn };
        if (sourceAccount) conditions.StringEquals = { 'AWS:SourceAccount': sourceAccount };
        const principal = stringValue(p, 'principal');
        return {
          Sid: stringValue(p, 'statement_id'),
          Effect: 'Allow',
          Principal: principal.endsWith('.amazonaws.com') ? { Service: principal } : { AWS: principal },
          Action: stringValue(p, 'action'),
          Resource: functionArn,
          ...(Object.keys(conditions).length > 0 ? { Condition: conditions } : {}),
        };
      });
    return { Version: '2012-10-17', Statement: statements };
  }

  topicPolicy(topicArn: string): PolicyDocument | undefined {
    const topic = ofType(this.states, 'aws_sns_topic').find((t) => t.values.arn === topicArn);
    const policy = ofType(this.states, 'aws_sns_topic_policy').find((p) => p.values.arn === topicArn);
    if (policy) return parse(policy, 'policy');
    return topic && optionalString(topic, 'policy') ? parse(topic, 'policy') : undefined;
  }

  bucketPolicy(bucket: string): PolicyDocument | undefined {
    const policy = ofType(this.states, 'aws_s3_bucket_policy').find((p) => p.values.bucket === bucket);
    return policy ? parse(policy, 'policy') : undefined;
  }

  /** The resource-based policy AWS evaluates for a request on this resource, if its service has one. */
  resourcePolicy(action: string, resource: string): PolicyDocument | undefined {
    if (action === 'sts:AssumeRole') return this.role(resource).trust;
    if (/^arn:[^:]+:kms:[^:]+:\d+:key\//.test(resource)) return this.keyPolicy(resource);
    if (/^arn:[^:]+:lambda:/.test(resource)) return this.functionPolicy(resource);
    if (/^arn:[^:]+:sns:/.test(resource)) return this.topicPolicy(resource);
    const bucket = /^arn:[^:]+:s3:::([^/]+)/.exec(resource)?.[1];
    if (bucket) return this.bucketPolicy(bucket);
    return undefined;
  }

  /** Every managed, inline and trust policy's size as IAM counts it. */
  sizes(): PolicySize[] {
    const managed = ofType(this.states, 'aws_iam_policy').map((p) => ({
      policy: stringValue(p, 'name'),
      kind: 'managed' as const,
      characters: compactLength(parse(p, 'policy')),
    }));
    const roles = ofType(this.states, 'aws_iam_role').flatMap((r) => {
      const name = stringValue(r, 'name');
      const inline = ofType(this.states, 'aws_iam_role_policy').filter((p) => p.values.role === name);
      return [
        {
          policy: `${name} (trust)`,
          kind: 'trust' as const,
          characters: compactLength(parse(r, 'assume_role_policy')),
        },
        {
          policy: `${name} (inline)`,
          kind: 'inlinePerRole' as const,
          characters: inline.reduce((sum, p) => sum + compactLength(parse(p, 'policy')), 0),
        },
      ];
    });
    return [...managed, ...roles];
  }
}
