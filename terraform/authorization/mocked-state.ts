/**
 * A mocked apply's state (`tofu test -json -verbose` against the mocked AWS provider) made to mirror an applied one:
 * every resource whose identifiers the simulations compare gets the ARN (and ID) AWS gives it, built from its name,
 * Region and account, and every reference to it (another resource's attribute, a policy document, an output) follows.
 *
 * The tftests (envs/<root>/tests/authorization.tofutest.hcl) already give each such resource its ARN with
 * override_resource, but an override cannot name one instance of a for_each: every instance of the address gets the
 * same value (so do the mock's generated IDs). Here each instance gets its own, and a reference to the shared value
 * is resolved to the instance whose keys (for_each keys, Region) it shares most: the function of
 * module.api["us-west-2"] runs as the role of module.api["us-west-2"], the alarms of that Region notify its topic,
 * output github_plan_role_arns.prod is the plan role ["prod"]. A value that two instances match equally is kept when
 * it already is one's true name (a pattern built from names), and fails otherwise.
 */

interface MockedResource {
  address: string;
  type: string;
  values: Record<string, unknown>;
}

interface MockedModule {
  resources?: MockedResource[];
  child_modules?: MockedModule[];
}

export interface MockedState {
  values: { root_module: MockedModule; outputs?: Record<string, { value: unknown }> };
}

type Values = Record<string, unknown>;

/** An IAM name's path (`/` unless set). */
const iamPath = (v: Values): string => (typeof v.path === 'string' && v.path !== '' ? v.path : '/');

const str = (values: Values, key: string): string => {
  const value = values[key];
  if (typeof value !== 'string' || value === '') throw new Error(`no ${key}`);
  return value;
};

/**
 * What AWS names each resource the simulations read (AWS's ARN formats: the Service Authorization Reference's
 * resource types of each service, https://docs.aws.amazon.com/service-authorization/latest/reference/); id where a
 * reference uses it (a role's inline policy names the role by its id, which is the role's name).
 */
const identifiers: Record<string, (v: Values, account: string) => Values> = {
  aws_iam_role: (v, a) => ({ arn: `arn:aws:iam::${a}:role${iamPath(v)}${str(v, 'name')}`, id: str(v, 'name') }),
  aws_iam_policy: (v, a) => {
    const arn = `arn:aws:iam::${a}:policy${iamPath(v)}${str(v, 'name')}`;
    return { arn, id: arn };
  },
  aws_iam_openid_connect_provider: (v, a) => ({
    arn: `arn:aws:iam::${a}:oidc-provider/${str(v, 'url').replace(/^https:\/\//, '')}`,
  }),
  aws_s3_bucket: (v) => ({ arn: `arn:aws:s3:::${str(v, 'bucket')}`, id: str(v, 'bucket') }),
  aws_lambda_function: (v, a) => {
    const arn = `arn:aws:lambda:${str(v, 'region')}:${a}:function:${str(v, 'function_name')}`;
    return {
      arn,
      id: str(v, 'function_name'),
      invoke_arn: `arn:aws:apigateway:${str(v, 'region')}:lambda:path/2015-03-31/functions/${arn}/invocations`,
    };
  },
  aws_sns_topic: (v, a) => {
    const arn = `arn:aws:sns:${str(v, 'region')}:${a}:${str(v, 'name')}`;
    return { arn, id: arn };
  },
  aws_cloudwatch_log_group: (v, a) => ({
    arn: `arn:aws:logs:${str(v, 'region')}:${a}:log-group:${str(v, 'name')}`,
    id: str(v, 'name'),
  }),
  aws_cloudwatch_metric_alarm: (v, a) => ({
    arn: `arn:aws:cloudwatch:${str(v, 'region')}:${a}:alarm:${str(v, 'alarm_name')}`,
    id: str(v, 'alarm_name'),
  }),
  // Its ID as the mock gave it: API IDs are per Region, so both Regions' APIs may share one.
  aws_api_gateway_rest_api: (v, a) => ({
    arn: `arn:aws:apigateway:${str(v, 'region')}::/restapis/${str(v, 'id')}`,
    execution_arn: `arn:aws:execute-api:${str(v, 'region')}:${a}:${str(v, 'id')}`,
  }),
  aws_ssm_parameter: (v, a) => ({ arn: `arn:aws:ssm:${str(v, 'region')}:${a}:parameter${str(v, 'name')}` }),
  aws_dynamodb_table: (v, a) => ({
    arn: `arn:aws:dynamodb:${str(v, 'region')}:${a}:table/${str(v, 'name')}`,
    replica: ((v.replica as Values[] | undefined) ?? []).map((r) => ({
      ...r,
      arn: `arn:aws:dynamodb:${str(r, 'region_name')}:${a}:table/${str(v, 'name')}`,
    })),
  }),
  aws_kms_key: (v, a) => ({ arn: `arn:aws:kms:${str(v, 'region')}:${a}:key/${str(v, 'key_id')}` }),
  aws_kms_replica_key: (v, a) => ({ arn: `arn:aws:kms:${str(v, 'region')}:${a}:key/${str(v, 'key_id')}` }),
};

function instanceKeys(address: string, values: Values): Set<string> {
  const keys = new Set([...address.matchAll(/\["([^"]+)"\]/g)].map((m) => m[1]!));
  if (typeof values.region === 'string') keys.add(values.region);
  return keys;
}

function resources(module: MockedModule, into: MockedResource[] = []): MockedResource[] {
  into.push(...(module.resources ?? []));
  for (const child of module.child_modules ?? []) resources(child, into);
  return into;
}

function ownIdentifiers(resource: MockedResource, account: string): Values {
  const identify = identifiers[resource.type];
  if (!identify || resource.address.includes('.data.') || resource.address.startsWith('data.')) return {};
  try {
    return identify(resource.values, account);
  } catch (error) {
    throw new Error(`${resource.address}: cannot name it as AWS would: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/** The mock's value → each instance's own, for every identifier `identifiers` knows. */
function replacements(all: MockedResource[], account: string): Map<string, Array<{ to: string; keys: Set<string> }>> {
  const found = new Map<string, Array<{ to: string; keys: Set<string> }>>();
  const add = (from: unknown, to: unknown, keys: Set<string>) => {
    if (typeof from !== 'string' || typeof to !== 'string' || from === '') return;
    const list = found.get(from) ?? [];
    list.push({ to, keys });
    found.set(from, list);
  };
  for (const resource of all) {
    const keys = instanceKeys(resource.address, resource.values);
    for (const [attribute, value] of Object.entries(ownIdentifiers(resource, account))) {
      if (attribute === 'replica')
        (value as Values[]).forEach((replica, i) =>
          add(
            ((resource.values.replica as Values[] | undefined)?.[i] ?? {}).arn,
            replica.arn,
            new Set([...keys, String(replica.region_name)]),
          ),
        );
      else add(resource.values[attribute], value, keys);
    }
  }
  return found;
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `text` with each mocked identifier replaced by the instance's that shares most keys with `context`. */
function resolve(
  text: string,
  context: Set<string>,
  table: Map<string, Array<{ to: string; keys: Set<string> }>>,
  pattern: RegExp,
  where: string,
): string {
  return text.replace(pattern, (from) => {
    const candidates = table.get(from)!;
    const score = (c: { keys: Set<string> }) => [...c.keys].filter((k) => context.has(k)).length;
    const best = Math.max(...candidates.map(score));
    const chosen = new Set(candidates.filter((c) => score(c) === best).map((c) => c.to));
    // Already the true name of one of them (a pattern built from names, say), and nothing points at another: kept.
    if (chosen.size > 1 && chosen.has(from)) return from;
    if (chosen.size > 1)
      throw new Error(`${where}: ${from} names one of ${[...chosen].join(', ')}, and nothing says which`);
    return [...chosen][0]!;
  });
}

function rewrite(value: unknown, rewriteText: (text: string, keys: Set<string>) => string, keys: Set<string>): unknown {
  if (typeof value === 'string') return rewriteText(value, keys);
  if (Array.isArray(value)) return value.map((v) => rewrite(v, rewriteText, keys));
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, rewrite(v, rewriteText, new Set([...keys, k]))]),
    );
  return value;
}

/** The state with every instance named as AWS would name it, references included (see the header). */
export function mirrorAppliedState(state: MockedState): MockedState {
  const all = resources(state.values.root_module);
  // The mocked account (the mock's aws_caller_identity), which the configuration builds its own ARNs with.
  const account = all.find((r) => r.type === 'aws_caller_identity')?.values.account_id;
  if (typeof account !== 'string') throw new Error('the mocked state has no aws_caller_identity account_id');
  const table = replacements(all, account);
  const changed = [...table.entries()].filter(([from, list]) => list.some((c) => c.to !== from));
  if (changed.length === 0) return state;
  // Longest first, and only whole identifiers: a role's name must not match inside a longer name or ARN.
  const pattern = new RegExp(
    `(?<![A-Za-z0-9])(?:${changed
      .map(([from]) => from)
      .sort((a, b) => b.length - a.length)
      .map(escape)
      .join('|')})(?![A-Za-z0-9_-])`,
    'g',
  );
  const tableOfChanged = new Map(changed);
  const module = (m: MockedModule): MockedModule => ({
    ...m,
    resources: m.resources?.map((r) => {
      // Its own identifiers are its own, whatever else shares the mock's value; the rest follows them.
      const own = ownIdentifiers(r, account);
      const others = Object.fromEntries(Object.entries(r.values).filter(([k]) => !(k in own)));
      const keys = instanceKeys(r.address, r.values);
      const values = rewrite(others, (t, k) => resolve(t, k, tableOfChanged, pattern, r.address), keys) as Values;
      return { ...r, values: { ...values, ...own } };
    }),
    child_modules: m.child_modules?.map(module),
  });
  const outputs = Object.fromEntries(
    Object.entries(state.values.outputs ?? {}).map(([name, output]) => [
      name,
      {
        ...output,
        value: rewrite(output.value, (t, k) => resolve(t, k, tableOfChanged, pattern, `output ${name}`), new Set()),
      },
    ]),
  );
  return { ...state, values: { ...state.values, root_module: module(state.values.root_module), outputs } };
}
