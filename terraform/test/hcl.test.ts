// Static checks of terraform/ that need no Terraform binary and no AWS: module wiring, least privilege,
// forbidden constructs, and the ties to the contract (generated body and infrastructure facts) and the handler zip.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import {
  derefLocal,
  isBlock,
  loadAll,
  META_ARGUMENTS,
  moduleOutputRefs,
  moduleSourceDir,
  refs,
  repoRoot,
  resolvePathExpression,
  strings,
  text,
  terraformRoot,
  walkBlocks,
  type Block,
  type Config,
  type Json,
} from './support/hcl.ts';
import { admits } from './support/version-constraint.ts';

let modules: Record<string, Config>;
let envs: Record<string, Config>;
let all: Config[];

before(async () => {
  ({ modules, envs } = await loadAll());
  all = [...Object.values(modules), ...Object.values(envs)];
});

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const lambdaApi = (): Config => modules['lambda-api']!;
const globalTable = (): Config => modules['global-table']!;
const composition = (): Config => modules['items-api']!;
/** The environments that deploy the API (envs/bootstrap is the per-account root they need first). */
const deployEnvs = (): Config[] => Object.values(envs).filter((env) => env.rel !== 'envs/bootstrap');
const infrastructurePath = path.join(repoRoot, 'openapi/generated/infrastructure.json');
// The AWS provider version tools/terraform builds, and so the one the apply rehearsal runs.
const rehearsedAwsProviderVersion = /^readonly AWS_PROVIDER_VERSION="([^"]+)"$/m.exec(
  readFileSync(path.join(repoRoot, 'tools/terraform/ensure-toolchain.sh'), 'utf8'),
)?.[1];

interface Infrastructure {
  integrationTimeoutMillis: number;
  tables: Record<string, { partitionKey: { name: string; type: string }; sortKey?: { name: string; type: string } }>;
  integrations: Record<string, { operations: string[]; dynamodbActions: string[]; tables: Record<string, string[]> }>;
}
const infrastructure = (): Infrastructure => JSON.parse(readFileSync(infrastructurePath, 'utf8')) as Infrastructure;

/** Every call of modules/<source> from any module or environment. */
function moduleCalls(source: string): Array<{ env: Config; name: string; call: Block }> {
  return all.flatMap((env) =>
    Object.entries(env.modules)
      .filter(([, call]) => moduleSourceDir(env, call) === path.join(terraformRoot, 'modules', source))
      .map(([name, call]) => ({ env, name, call })),
  );
}

/** The variables of `config` that it passes verbatim to a module variable that has a validation block. */
function validatedDownstream(config: Config): Set<string> {
  const passed = new Set<string>();
  for (const call of Object.values(config.modules)) {
    const target = all.find((c) => c.dir === moduleSourceDir(config, call));
    for (const [arg, value] of Object.entries(call)) {
      const m = typeof value === 'string' ? /^\$\{var\.([\w-]+)\}$/.exec(value) : null;
      const validation = target?.variables[arg]?.validation;
      if (m && Array.isArray(validation) && validation.length > 0) passed.add(m[1]!);
    }
  }
  return passed;
}

/**
 * The literal actions of a policy statement. The derived lists are read from where they come from: the DynamoDB
 * statements' from the generated infrastructure.json, deploy-identity's statement template from its grants, the key
 * policy's use-through-services template from local.use_through_services.
 */
function statementActions(config: Config, statement: Block): Json | undefined {
  if (statement.Action === '${actions}' && config.rel === 'modules/lambda-api') {
    // lambda-api's per-table statements (local.table_statements): each kind's actions per table, from the contract.
    assert.match(text(config.locals.table_statements), /for resource, actions in integration\.tables :/);
    return Object.values(infrastructure().integrations).flatMap((kind) => Object.values(kind.tables).flat());
  }
  if (statement.Action === '${grant.actions}' && config.rel === 'modules/deploy-identity') {
    // The one statement template that renders every grant of the deploy identity: all the grants' actions.
    return [...deployIdentityGrants(config).values()].flat();
  }
  if (statement.Action === '${use.actions}' && config.rel === 'modules/kms-multiregion') {
    // The key policy's use through services, one statement per service of local.use_through_services.
    return Object.values(config.locals.use_through_services as Record<string, Block>).flatMap((use) =>
      Array.isArray(use.actions) ? use.actions : [text(use.actions)],
    );
  }
  return derefLocal(config, statement.Action);
}

const replicaCreationPath = path.join(terraformRoot, 'modules/deploy-identity/replica-creation-actions.json');

/**
 * deploy-identity's grants by Sid: its policies are data (read.tf, write.tf, cognito.tf, boundary.tf, state.tf),
 * rendered by one statement template (grants.tf). Most grant maps are per-environment for-expressions, which the
 * parser leaves as text, so their action lists are read from the source; every grant must have one, either literal
 * or one of the derived lists (the contract's DynamoDB actions, AWS's replica creation list). The rendered
 * statements themselves are checked by the module's tftest.
 */
function deployIdentityGrants(config: Config): Map<string, string[]> {
  const grants = new Map<string, string[]>();
  const grantStarts = [...config.text.matchAll(/^\s*(\w+) = \{\n\s*actions\s*=/gm)].length;
  for (const m of config.text.matchAll(/^\s*(\w+) = \{\n\s*actions\s*=\s*(\[[^\]]*\]|local\.\w+)/gm)) {
    const [, sid, expr] = m as unknown as [string, string, string];
    assert.ok(!grants.has(sid), `${config.rel}: grant ${sid} is declared twice`);
    if (expr === 'local.contract_dynamodb_actions') {
      assert.equal(
        config.locals.contract_dynamodb_actions,
        '${sort(distinct(flatten([for kind in values(local.infrastructure.integrations) : kind.dynamodbActions])))}',
      );
      grants.set(
        sid,
        [...new Set(Object.values(infrastructure().integrations).flatMap((k) => k.dynamodbActions))].sort(),
      );
    } else if (expr === 'local.replica_creation_actions') {
      assert.equal(
        config.locals.replica_creation_actions,
        '${jsondecode(file("${path.module}/replica-creation-actions.json")).actions}',
      );
      grants.set(sid, (JSON.parse(readFileSync(replicaCreationPath, 'utf8')) as { actions: string[] }).actions);
    } else if (expr.startsWith('[')) {
      grants.set(
        sid,
        [...expr.matchAll(/"([^"]*)"/g)].map((a) => a[1]!),
      );
    } else {
      assert.fail(`${config.rel}: grant ${sid} has actions that are not a literal list: ${expr}`);
    }
  }
  assert.equal(grants.size, grantStarts, `${config.rel}: a grant's actions could not be read`);
  return grants;
}

/**
 * The statements of every policy of a config: the IAM JSON objects of locals rendered with jsonencode (`Action`,
 * `Effect`, ...). A local built by an expression (a `for` over resources or grants) is one string to the parser: its
 * statements are read from the expression's text, each `Action = ` as a literal list or as the one reference it is
 * (every one must be read: one that is not fails).
 */
function policyStatements(config: Config): Array<{ key: string; statement: Block }> {
  const found: Array<{ key: string; statement: Block }> = [];
  for (const [name, value] of Object.entries(config.locals)) {
    const key = `local.${name}`;
    walkBlocks(value, (block) => {
      if ('Action' in block || 'NotAction' in block) found.push({ key, statement: block });
    });
    for (const expression of strings(value)) {
      const actions = [...expression.matchAll(/\b(Not)?Action\s*=/g)].length;
      const read = [...expression.matchAll(/\b(Not)?Action\s*=\s*(\[[^\]]*\]|[\w.]+)/g)];
      assert.equal(read.length, actions, `${config.rel}: ${key} has a statement whose actions cannot be read`);
      for (const m of read)
        found.push({
          key,
          statement: m[1]
            ? { NotAction: m[2]! }
            : {
                Effect: 'Allow',
                Action: m[2]!.startsWith('[') ? [...m[2]!.matchAll(/"([^"]*)"/g)].map((a) => a[1]!) : `\${${m[2]!}}`,
              },
        });
    }
  }
  return found;
}

describe('layout and conventions', () => {
  it('has the expected modules and environments', () => {
    assert.deepEqual(Object.keys(modules).sort(), [
      'account-baseline',
      'account-baseline-names',
      'apigateway-cloudwatch-role',
      'cognito-auth',
      'deploy-identity',
      'global-table',
      'items-api',
      'kms-multiregion',
      'lambda-api',
      'state-bucket',
    ]);
    assert.deepEqual(Object.keys(envs).sort(), ['bootstrap', 'dev', 'prod']);
  });

  it('gives every module main.tf, variables.tf, outputs.tf, versions.tf and README.md', () => {
    for (const config of Object.values(modules)) {
      for (const file of ['main.tf', 'variables.tf', 'outputs.tf', 'versions.tf', 'README.md']) {
        assert.ok(existsSync(path.join(config.dir, file)), `${config.rel}/${file} is missing`);
      }
    }
  });

  it('types and describes every variable, and validates every string and number variable of a module once', () => {
    for (const config of all) {
      const downstream = validatedDownstream(config);
      for (const [name, v] of Object.entries(config.variables)) {
        assert.equal(typeof v.type, 'string', `${config.rel}: variable ${name} has no type`);
        assert.ok(
          typeof v.description === 'string' && v.description.length > 10,
          `${config.rel}: variable ${name} has no description`,
        );
        const validated = Array.isArray(v.validation) && v.validation.length > 0;
        if (
          config.rel.startsWith('modules/') &&
          (v.type === '${string}' || v.type === '${number}') &&
          !downstream.has(name)
        ) {
          assert.ok(validated, `${config.rel}: variable ${name} (${text(v.type)}) has no validation`);
        }
        if (downstream.has(name))
          assert.ok(!validated, `${config.rel}: variable ${name} is validated again where it is passed on`);
      }
    }
  });

  it('keeps the environments thin: one call of the composition, no validation, regex or name derivation', () => {
    for (const env of deployEnvs()) {
      assert.deepEqual(Object.keys(env.modules), ['items_api'], `${env.rel}: calls modules other than items-api`);
      assert.equal(moduleSourceDir(env, env.modules.items_api!), composition().dir);
      assert.deepEqual(Object.keys(env.resources), [], `${env.rel}: declares resources of its own`);
      assert.deepEqual(
        Object.keys(env.locals),
        [],
        `${env.rel}: declares locals (derivations belong in the composition)`,
      );
      for (const [name, v] of Object.entries(env.variables)) {
        assert.ok(!('validation' in v), `${env.rel}: variable ${name} is validated; the composition validates once`);
      }
      assert.doesNotMatch(
        strings(env.files).join('\n'),
        /\bregex\(|\bformat\(|items-api-\$\{/,
        `${env.rel}: derives values itself`,
      );
    }
  });

  it('describes every output', () => {
    for (const config of all) {
      for (const [name, o] of Object.entries(config.outputs)) {
        assert.ok(
          typeof o.description === 'string' && o.description.length > 5,
          `${config.rel}: output ${name} has no description`,
        );
      }
    }
  });

  it('accepts Terraform >= 1.10 and OpenTofu >= 1.9 in modules, requires hashicorp/aws 6.x there and the rehearsed version in the roots', () => {
    for (const config of all) {
      const terraform = config.terraform.find((t) => 'required_version' in t);
      assert.ok(terraform, `${config.rel}: no required_version`);
      const required = text(terraform.required_version);
      // A module of constants (no resource, no data source) needs no provider.
      const constantsOnly = Object.keys(config.resources).length === 0 && Object.keys(config.data).length === 0;
      const aws = (terraform.required_providers as Block[] | undefined)?.[0]?.aws as Block | undefined;
      if (constantsOnly && Object.keys(config.modules).length === 0) {
        assert.equal(aws, undefined, `${config.rel}: requires a provider it does not use`);
      } else if (config.rel.startsWith('modules/')) {
        assert.equal(aws?.source, 'hashicorp/aws', `${config.rel}: hashicorp/aws is not required`);
        const awsVersion = text(aws?.version);
        assert.ok(
          !admits(awsVersion, '5.99.0') && admits(awsVersion, '6.0.0') && admits(awsVersion, '6.47.0'),
          `${config.rel}: aws ${awsVersion} must mean 6.x`,
        );
      }
      if (config.rel.startsWith('modules/')) {
        for (const v of ['1.9.0', '1.10.0', '1.11.4', '1.12.6'])
          assert.ok(admits(required, v), `${config.rel}: required_version ${required} rejects ${v}`);
        // OpenTofu 1.9 refuses `lifecycle` inside `removed` (1.10): such blocks belong in the environments.
        for (const [name, file] of Object.entries(config.files)) {
          const removed = Array.isArray(file.removed) ? file.removed.filter(isBlock) : [];
          assert.ok(
            removed.every((block) => !('lifecycle' in block)),
            `${config.rel}/${name}: a removed block with lifecycle needs OpenTofu 1.10; move it to the environments`,
          );
        }
      } else {
        // A root deploys exactly the provider the rehearsal proved (the one tools/terraform builds): no lock file can
        // be committed here (a locally built provider's hashes are not the registry's), so a range would let every
        // CI plan take the newest 6.x, which nothing rehearsed.
        assert.equal(aws?.source, 'hashicorp/aws', `${config.rel}: hashicorp/aws is not required`);
        assert.equal(
          text(aws?.version),
          `= ${rehearsedAwsProviderVersion}`,
          `${config.rel}: pin hashicorp/aws to the rehearsed version`,
        );
        // Environments use the S3 backend's use_lockfile, which both tools support from 1.10.
        assert.ok(
          admits(required, '1.10.0') && !admits(required, '1.9.9'),
          `${config.rel}: required_version ${required} must start at 1.10`,
        );
      }
    }
  });

  // The section itself is terraform-docs' output, drift-checked by `terraform:docs`; this holds without the tool.
  it('documents every input and output of each module and environment in its README (modules with an example)', () => {
    for (const config of all) {
      const readme = readFileSync(path.join(config.dir, 'README.md'), 'utf8');
      const generated = /<!-- BEGIN_TF_DOCS -->([\s\S]*)<!-- END_TF_DOCS -->/.exec(readme)?.[1];
      assert.ok(generated, `${config.rel}/README.md has no terraform-docs section`);
      if (config.rel.startsWith('modules/'))
        assert.match(readme, /```hcl[\s\S]*source\s*=/, `${config.rel}/README.md has no HCL example`);
      for (const name of [...Object.keys(config.variables), ...Object.keys(config.outputs)]) {
        assert.ok(generated.includes(`| ${name} |`), `${config.rel}/README.md has no table row for ${name}`);
      }
    }
  });
});

describe('environments call the modules correctly', () => {
  it('passes only declared variables, and every required one', () => {
    for (const env of all) {
      for (const [name, call] of Object.entries(env.modules)) {
        const target = all.find((c) => c.dir === moduleSourceDir(env, call));
        assert.ok(target, `${env.rel}: module.${name} source is not a module of this repository`);
        for (const arg of Object.keys(call)) {
          if (META_ARGUMENTS.has(arg)) continue;
          assert.ok(
            arg in target.variables,
            `${env.rel}: module.${name} passes ${arg}, which ${target.rel} does not declare`,
          );
        }
        for (const [variable, def] of Object.entries(target.variables)) {
          if (!('default' in def))
            assert.ok(
              variable in call,
              `${env.rel}: module.${name} does not pass required variable ${variable} of ${target.rel}`,
            );
        }
      }
    }
  });

  it('references only outputs the called modules declare', () => {
    let checked = 0;
    for (const env of all) {
      // `moved` and `removed` blocks name addresses in state (module.x.module.y, module.x.aws_...), not outputs.
      const code = Object.values(env.files).map((file) =>
        Object.fromEntries(Object.entries(file).filter(([key]) => key !== 'moved' && key !== 'removed')),
      );
      for (const expr of strings(code)) {
        for (const ref of moduleOutputRefs(expr)) {
          const call = env.modules[ref.module];
          assert.ok(call, `${env.rel}: module.${ref.module} is not declared`);
          const target = all.find((c) => c.dir === moduleSourceDir(env, call))!;
          assert.ok(
            ref.output in target.outputs,
            `${env.rel}: module.${ref.module}.${ref.output} is not an output of ${target.rel}`,
          );
          checked++;
        }
      }
    }
    assert.ok(checked > 20, `only ${checked} module output references found: the reference scanner is broken`);
  });

  it('references only declared variables and locals', () => {
    for (const config of all) {
      for (const expr of strings(config.files)) {
        for (const v of refs(expr, 'var')) assert.ok(v in config.variables, `${config.rel}: var.${v} is not declared`);
        for (const l of refs(expr, 'local')) assert.ok(l in config.locals, `${config.rel}: local.${l} is not declared`);
      }
    }
  });

  it('uses the per-resource region argument, not provider aliases', () => {
    for (const config of all) {
      for (const [name, blocks] of Object.entries(config.providers)) {
        for (const block of blocks) assert.ok(!('alias' in block), `${config.rel}: provider ${name} has an alias`);
      }
      for (const [name, call] of Object.entries(config.modules))
        assert.ok(!('providers' in call), `${config.rel}: module.${name} passes providers`);
    }
    // Every regional resource of a Region-scoped module says which Region it lives in.
    const globalTypes = /^aws_iam_/;
    for (const rel of [
      'lambda-api',
      'global-table',
      'kms-multiregion',
      'items-api',
      'account-baseline',
      'state-bucket',
      'cognito-auth',
    ]) {
      const config = modules[rel]!;
      for (const [key, body] of Object.entries(config.resources)) {
        if (globalTypes.test(key)) continue;
        assert.ok('region' in body, `${config.rel}: ${key} has no region argument`);
      }
    }
  });

  it('tags every taggable resource', () => {
    const taggable =
      /^(aws_kms_key|aws_kms_replica_key|aws_dynamodb_table|aws_lambda_function|aws_iam_role|aws_cloudwatch_log_group|aws_api_gateway_rest_api|aws_api_gateway_stage|aws_api_gateway_usage_plan|aws_api_gateway_api_key|aws_cognito_user_pool|aws_cloudwatch_metric_alarm|aws_sns_topic)\./;
    let count = 0;
    for (const config of all) {
      // The composition merges its standard tags into local.tags; every other module applies var.tags.
      const expected = 'tags' in config.locals ? '${local.tags}' : '${var.tags}';
      for (const [key, body] of Object.entries(config.resources)) {
        if (!taggable.test(key)) continue;
        assert.equal(body.tags, expected, `${config.rel}: ${key} must set tags = ${expected.slice(2, -1)}`);
        count++;
      }
      for (const [name, call] of Object.entries(config.modules)) {
        // A module of constants takes no tags.
        if (moduleSourceDir(config, call) === path.join(terraformRoot, 'modules', 'account-baseline-names')) continue;
        assert.equal(call.tags, expected, `${config.rel}: module.${name} must pass tags = ${expected.slice(2, -1)}`);
      }
    }
    assert.ok(count >= 12);
    assert.match(text(composition().locals.tags), /Environment\s*=\s*var\.environment/);
  });

  it('stores state in S3 with native locking, from a backend config file, with committed examples', () => {
    for (const env of deployEnvs()) {
      const backend = env.terraform.map((t) => t.backend).find(isBlock);
      const s3 = (backend?.s3 as Block[] | undefined)?.[0];
      assert.ok(s3, `${env.rel}: no backend "s3"`);
      assert.equal(s3.use_lockfile, true, `${env.rel}: backend must set use_lockfile = true`);
      for (const key of ['bucket', 'key', 'region'])
        assert.ok(!(key in s3), `${env.rel}: backend ${key} belongs in backend.hcl`);
      const example = readFileSync(path.join(env.dir, 'backend.hcl.example'), 'utf8');
      for (const key of ['bucket', 'key', 'region'])
        assert.match(example, new RegExp(`^${key}\\s*=`, 'm'), `${env.rel}/backend.hcl.example lacks ${key}`);
      const tfvars = readFileSync(path.join(env.dir, 'terraform.tfvars.example'), 'utf8');
      for (const m of tfvars.matchAll(/^([a-z_]+)\s*=/gm))
        assert.ok(m[1]! in env.variables, `${env.rel}/terraform.tfvars.example sets undeclared ${m[1]}`);
      assert.ok(!existsSync(path.join(env.dir, 'terraform.tfvars')) || true);
    }
  });

  it('makes dev small and unprotected, and prod active-active with alarms and deletion protection', () => {
    const dev = envs.dev!.modules.items_api!;
    const prod = envs.prod!.modules.items_api!;
    assert.equal(dev.deletion_protection_enabled, false);
    assert.equal(dev.create_alarms, false);
    assert.equal(prod.deletion_protection_enabled, '${var.deletion_protection_enabled}');
    assert.equal(envs.prod!.variables.deletion_protection_enabled?.default, true, 'prod is protected unless torn down');
    assert.ok(!('create_alarms' in prod), 'prod keeps the composition default (alarms on)');
    assert.equal(composition().variables.create_alarms?.default, true);
    for (const env of [envs.dev!, envs.prod!]) {
      assert.equal(
        env.modules.items_api?.regions,
        '${var.regions}',
        `${env.rel}: regions must be the environment's variable`,
      );
      assert.ok('api_url' in env.outputs && 'api_urls' in env.outputs, `${env.rel}: no stage URL output`);
    }
    assert.equal((envs.dev!.variables.regions?.default as Json[]).length, 1, 'dev serves one Region by default');
    assert.equal((envs.prod!.variables.regions?.default as Json[]).length, 2, 'prod serves two Regions by default');
    // Reserving concurrency fails in an account whose quota was never raised (10 in a new account).
    for (const config of [envs.dev!, envs.prod!, lambdaApi()])
      assert.equal(config.variables.reserved_concurrent_executions?.default, -1, `${config.rel}: reserves by default`);
    // The composition: an API in every Region, on that Region's replica and key, notifying that Region's topic.
    const api = composition().modules.api!;
    assert.equal(api.for_each, '${toset(var.regions)}');
    assert.equal(api.region, '${each.key}');
    assert.match(
      text(api.tables),
      /arn = local\.table_arns_by_region\[each\.key\]\[resource\]/,
      'each Region uses its local replica of every table',
    );
    // A prod destroy must stop at the deletion-protected tables before deleting any API or function: the tables
    // depend on the APIs (destroyed first), and the APIs reference nothing of the tables.
    assert.deepEqual(composition().modules.table!.depends_on, ['${module.api}']);
    assert.doesNotMatch(JSON.stringify(api), /module\.table/);
    assert.equal(api.kms_key_arn, '${module.kms.key_arns_by_region[each.key]}', 'each Region uses its local key');
    assert.match(text(api.alarm_sns_topic_arn), /aws_sns_topic\.alarms\[each\.key\]\.arn/);
  });
});

describe('no hacks, least privilege', () => {
  it('has no null_resource, provisioner, local-exec, external program or AWS CLI call', () => {
    for (const config of all) {
      for (const key of Object.keys(config.resources))
        assert.ok(!key.startsWith('null_resource.'), `${config.rel}: ${key}`);
      for (const key of Object.keys(config.data)) assert.ok(!key.startsWith('external.'), `${config.rel}: data ${key}`);
      walkBlocks(config.files, (block, keyPath) => {
        assert.ok(!('provisioner' in block), `${config.rel}: provisioner at ${keyPath.join('.')}`);
        assert.ok(!('local-exec' in block), `${config.rel}: local-exec at ${keyPath.join('.')}`);
      });
      // Over every parsed value (comments excluded): no shelling out to the AWS CLI, no per-apply timestamps.
      const code = strings(config.files).join('\n');
      assert.doesNotMatch(
        code,
        /\baws (kms|dynamodb|iam|lambda|apigateway|logs|sts) [a-z-]+/,
        `${config.rel}: AWS CLI command`,
      );
      assert.doesNotMatch(code, /\btimestamp\(\)/, `${config.rel}: timestamp() makes every plan differ`);
    }
  });

  it('names API Gateway execution log groups in KMS key policies exactly, never with a wildcard for the API id', () => {
    // API-Gateway-Execution-Logs_*/<stage> would let CloudWatch Logs use the key for every API in the account with
    // that stage name; lambda-api names its own (API-Gateway-Execution-Logs_<rest-api-id>/<stage>) in its key policy.
    for (const config of [composition(), lambdaApi(), modules['kms-multiregion']!]) {
      const code = strings(config.files).join('\n');
      assert.doesNotMatch(code, /Execution-Logs_[^$/"]*\*/, `${config.rel}: a wildcard execution log group name`);
    }
  });

  it('writes every IAM and key policy as jsonencode of a local, so the checks below (and the mocked authorization check) see all of them', () => {
    for (const config of all) {
      assert.ok(
        !Object.keys(config.data).some((k) => k.startsWith('aws_iam_policy_document.')),
        `${config.rel}: an aws_iam_policy_document renders as nothing under the mocked provider; write the policy as a local`,
      );
      for (const [key, body] of Object.entries(config.resources)) {
        for (const attr of ['policy', 'assume_role_policy']) {
          if (!(attr in body)) continue;
          assert.match(
            text(body[attr]),
            /^\$\{jsonencode\(local\.[\w-]+(\[each\.key\](\.\w+)?|\["\$\{each\.key\}\/[\w-]+"\])?\)\}$/,
            `${config.rel}: ${key}.${attr} must be jsonencode(local.<policy>)`,
          );
        }
      }
    }
  });

  it('grants no wildcard or NotAction IAM action anywhere', () => {
    let count = 0;
    for (const config of all) {
      for (const { key, statement } of policyStatements(config)) {
        {
          assert.ok(
            !('not_actions' in statement || 'NotAction' in statement),
            `${config.rel}: ${key} uses not_actions`,
          );
          // The one Deny allowed is the TLS-only pattern (any request not over TLS), which must name every action.
          if (statement.Effect === 'Deny') {
            assert.deepEqual(
              statement.Condition,
              { Bool: { 'aws:SecureTransport': ['false'] } },
              `${config.rel}: ${key} has a Deny statement other than TLS-only; review this test`,
            );
            continue;
          }
          if (statement.effect === 'Deny') {
            assert.deepEqual(
              statement.condition,
              [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
              `${config.rel}: ${key} has a Deny statement other than TLS-only; review this test`,
            );
            continue;
          }
          assert.ok(
            'Action' in statement
              ? statement.Effect === 'Allow'
              : statement.effect === undefined || statement.effect === 'Allow',
            `${config.rel}: ${key} effect`,
          );
          const actions = statementActions(config, statement);
          const list = Array.isArray(actions) ? actions : [];
          if (!Array.isArray(actions))
            assert.fail(
              `${config.rel}: ${key} statement ${text(statement.sid ?? statement.Sid)} has actions that are not a literal list: ${JSON.stringify(actions)}`,
            );
          for (const action of list) {
            assert.equal(typeof action, 'string');
            assert.match(text(action), /^[a-z0-9-]+:[A-Za-z0-9]+$/, `${config.rel}: ${key} grants ${text(action)}`);
            count++;
          }
        }
      }
    }
    assert.ok(count > 40, `only ${count} actions seen: the policy scanner is broken`);
  });

  it("gives each role, per table, its kind's DynamoDB actions on that table, on this Region's replica only", () => {
    const statements = lambdaApi().locals.lambda_policy_statements as Block[];
    assert.deepEqual(
      statements.filter((s) => strings(s.Action).some((a) => a.startsWith('dynamodb:'))),
      [],
      'no DynamoDB grant outside the per-table statements',
    );
    // One statement per table a kind's operations use, its actions the contract's (integrations.<kind>.tables);
    // the tables have no secondary index, so no `index/*` grant; no statement (rather than one granting nothing)
    // for a table the kind does not use.
    const perTable = text(lambdaApi().locals.table_statements);
    assert.match(perTable, /for kind, integration in local\.infrastructure\.integrations : kind => \[/);
    assert.match(
      perTable,
      /Action\s+= actions\s+Resource = \[var\.tables\[resource\]\.arn\]\s+\} if length\(actions\) > 0/,
    );
    assert.deepEqual(lambdaApi().locals.lambda_policy, {
      Statement: '${concat(try(local.table_statements.lambda, []), local.lambda_policy_statements)}',
      Version: '2012-10-17',
    });
    assert.equal(
      lambdaApi().locals.dynamodb_integration_table_statements,
      '${try(local.table_statements.dynamodb, [])}',
    );
    assert.match(
      text((lambdaApi().locals.dynamodb_integration_policy as Block).Statement),
      /^\$\{concat\(local\.dynamodb_integration_table_statements, \[/,
    );
    // Decrypt only: through DynamoDB and Lambda, and through SSM for the cursor signing key's parameter alone.
    const kms = statements.filter((s) => strings(s.Action).some((a) => a.startsWith('kms:')));
    assert.deepEqual(
      kms.map((s) => [text(s.Sid), strings(s.Action), s.Resource]),
      [
        ['DecryptThroughDynamoDBAndLambda', ['kms:Decrypt'], ['${var.kms_key_arn}']],
        ['DecryptCursorSigningKey', ['kms:Decrypt'], ['${var.kms_key_arn}']],
      ],
    );
    assert.deepEqual(kms[1]!.Condition, {
      StringEquals: {
        'kms:EncryptionContext:PARAMETER_ARN': ['${local.cursor_key_parameter_arn}'],
        'kms:ViaService': ['ssm.${local.region}.${local.dns_suffix}'],
      },
    });
    const ssm = statements.filter((s) => strings(s.Action).some((a) => a.startsWith('ssm:')));
    assert.deepEqual(
      ssm.map((s) => [strings(s.Action), s.Resource]),
      [[['ssm:GetParameter'], ['${local.cursor_key_parameter_arn}']]],
    );
  });

  it('lets the key be used only through DynamoDB (every Region), Lambda, SSM for the listed parameters and CloudWatch Logs for the listed log groups', () => {
    const kms = modules['kms-multiregion']!;
    // The statements written out (by where they go), and the policy that puts every group of them in order.
    const groups = kms.locals.key_policy_statements as Record<string, Block[]>;
    const written = Object.values(groups).flat();
    const statementList = text((kms.locals.key_policy as Block).Statement);
    for (const group of Object.keys(groups))
      assert.match(
        statementList,
        new RegExp(`local\\.key_policy_statements\\.${group}\\b`),
        `${group} is not in the policy`,
      );
    const policy = JSON.stringify(kms.locals.key_policy_statements);
    // One statement per service the key is used through, on this account's callers' behalf.
    const services = kms.locals.use_through_services as Record<string, Block>;
    assert.deepEqual(Object.keys(services).sort(), ['dynamodb', 'lambda', 'ssm']);
    assert.equal(services.dynamodb!.enabled, true, 'the table always uses the key through DynamoDB');
    const throughServices = /\[for service, use in local\.use_through_services : \{([^]*?)\} if use\.enabled\]/
      .exec(statementList)?.[1]
      ?.replace(/\s+/g, ' ');
    assert.ok(throughServices, 'the key policy has one statement per enabled service of local.use_through_services');
    for (const part of [
      'Action = use.actions',
      'Principal = local.account_principal',
      '"kms:CallerAccount" = [local.account_id]',
      '"kms:ViaService" = [for region in local.all_regions : "${service}.${region}.${local.dns_suffix}"]',
      '}, use.conditions)',
    ])
      assert.ok(throughServices.includes(part), `use through a service: ${part}`);
    assert.match(policy, /kms:EncryptionContext:aws:logs:arn/);
    const usage = written.filter((s) =>
      strings(s.Action).some((a) => /^kms:(Decrypt|Encrypt|GenerateDataKey)/.test(a)),
    );
    assert.ok(usage.length > 0);
    for (const s of usage)
      assert.ok(
        isBlock(s.Condition) && Object.keys(s.Condition).length > 0,
        `key use statement ${text(s.Sid)} has no condition`,
      );
    // AWS's default pattern: the account delegates administration to IAM, so no lost role locks the key.
    const delegated = written.find((s) => s.Sid === 'AccountIAMAdministration');
    assert.ok(delegated, 'the key policy must delegate administration to the account');
    assert.equal(delegated.Principal, '${local.account_principal}');
    assert.deepEqual(kms.locals.account_principal, { AWS: ['arn:${local.partition}:iam::${local.account_id}:root'] });
    assert.equal(delegated.Condition, undefined, 'delegation to IAM takes no condition');
    const delegatedActions = strings(derefLocal(kms, delegated.Action));
    for (const needed of ['kms:PutKeyPolicy', 'kms:GetKeyPolicy', 'kms:DescribeKey', 'kms:CancelKeyDeletion'])
      assert.ok(delegatedActions.includes(needed), `the account cannot ${needed}`);
    for (const forbidden of ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:ReEncryptFrom'])
      assert.ok(!delegatedActions.includes(forbidden), `${forbidden} must stay limited to the services`);
    // Administrators manage the key but cannot read data with it.
    const admin = written.find((s) => s.Sid === 'KeyAdministration')!;
    const adminActions = strings(derefLocal(kms, admin.Action));
    for (const forbidden of ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:ReEncryptFrom'])
      assert.ok(!adminActions.includes(forbidden), forbidden);
    // ...and are exactly the listed ones: never the session that ran the plan (a CI plan role).
    assert.deepEqual(admin.Principal, { AWS: '${var.key_administrator_arns}' });
    assert.doesNotMatch(kms.text, /aws_iam_session_context/);
    // The cursor signing key's SecureString: SSM encrypts and decrypts it with the key, for the listed parameters
    // only, and items-api lists its own (where lambda-api names the parameter).
    assert.deepEqual(services.ssm!.conditions, {
      ArnLike: { 'kms:EncryptionContext:PARAMETER_ARN': '${local.parameter_arn_patterns}' },
    });
    assert.deepEqual(composition().modules.kms?.ssm_parameter_name_patterns, ['${local.parameter_name_pattern}']);
    assert.equal(composition().locals.parameter_name_pattern, '/${local.name}/*');
    assert.match(text(lambdaApi().locals.cursor_key_parameter_name), /^\/\$\{var\.name\}\//);
  });

  it('gives the apply role what AWS checks as the caller of its own calls, and trusts API Gateway as it assumes roles', () => {
    const identity = modules['deploy-identity']!;
    const grants = deployIdentityGrants(identity);
    const actionsOf = (sid: string) => grants.get(sid) ?? assert.fail(`no grant ${sid}`);
    // Adding a table replica: DynamoDB creates and fills it as the caller in the new Region (DynamoDB Developer
    // Guide, "DynamoDB global tables security"), and checks the Region's limits (aws/aws-cdk#12113).
    for (const action of [
      'dynamodb:CreateTableReplica',
      'dynamodb:PutItem',
      'dynamodb:BatchWriteItem',
      'dynamodb:Scan',
    ])
      assert.ok(actionsOf('DynamoDBReplicaCreation').includes(action), `adding a replica needs ${action}`);
    assert.deepEqual(actionsOf('DynamoDBDescribeLimits'), ['dynamodb:DescribeLimits']);
    // Choosing a table's customer managed key (AWS KMS Developer Guide, "How Amazon DynamoDB uses AWS KMS").
    for (const action of [
      'kms:ReEncryptFrom',
      'kms:ReEncryptTo',
      'kms:GenerateDataKeyWithoutPlaintext',
      'kms:DescribeKey',
    ])
      assert.ok(actionsOf('KmsThroughServices').includes(action), `the deployer needs ${action} through DynamoDB`);
    // API Gateway sets no aws:SourceAccount when it assumes a role it was given: no trust of it may require one.
    for (const [name, local] of [
      ['apigateway-cloudwatch-role', 'assume_policy'],
      ['lambda-api', 'assume_apigateway_policy'],
    ] as const) {
      const trust = (modules[name]!.locals[local] as Block).Statement as Block[];
      assert.equal(trust.length, 1);
      assert.deepEqual(trust[0]!.Principal, { Service: ['apigateway.${local.dns_suffix}'] });
      assert.equal(
        trust[0]!.Condition,
        undefined,
        `${name}: API Gateway's trust must not require a condition key it does not send`,
      );
    }
  });

  it('skips checkov checks only inline, each with a reason', () => {
    const yaml = readFileSync(path.join(terraformRoot, '.checkov.yaml'), 'utf8');
    assert.doesNotMatch(yaml, /^\s*(skip-check|soft-fail)/m, '.checkov.yaml must not skip checks or soft-fail');
    for (const config of all) {
      for (const m of config.text.matchAll(/checkov:skip=([A-Z0-9_]+)(?::(.*))?/g)) {
        assert.ok(
          (m[2] ?? '').trim().length >= 40,
          `${config.rel}: skip of ${m[1]} needs a reason a reviewer can judge`,
        );
      }
    }
  });
});

describe('ties to the contract and the handler', () => {
  it('imports the generated API Gateway body, filling every template variable its integration kinds use', () => {
    const config = lambdaApi();
    assert.equal(config.resources['aws_api_gateway_rest_api.this']?.body, '${local.body}');
    const call = /^\$\{templatefile\(var\.openapi_body_path, \{([^}]*)\}\)\}$/.exec(text(config.locals.body));
    assert.ok(call, 'the body is templatefile(var.openapi_body_path, { ... })');
    const filled = [...call[1]!.matchAll(/(\w+)\s+=/g)].map((m) => m[1]!);
    assert.ok(filled.includes('lambda_invoke_arn'), 'the Lambda invoke ARN is filled');
    assert.match(call[1]!, /dynamodb_table_names\s+= local\.table_names\b/, 'the table names by resource are filled');
    const body = readFileSync(path.join(repoRoot, 'openapi/generated/apigateway-body.json'), 'utf8');
    const templateExpressions = new Set([...body.matchAll(/[$%]\{[^}]*\}/g)].map((m) => m[0]));
    for (const expression of templateExpressions) {
      // A variable, or a resource's entry of the table names (local.table_names has every resource of the contract).
      const [, variable, resource] = /^\$\{(\w+)(?:\.(\w+))?\}$/.exec(expression) ?? [];
      assert.ok(variable && filled.includes(variable), `${expression} is not filled`);
      if (resource)
        assert.ok(
          variable === 'dynamodb_table_names' && resource in infrastructure().tables,
          `${expression} is not a resource's table name`,
        );
    }
    const calls = moduleCalls('lambda-api');
    assert.ok(calls.length > 0);
    for (const { env, name, call } of calls) {
      const bodyPath = resolvePathExpression(env, text(call.openapi_body_path));
      assert.equal(
        bodyPath,
        path.join(repoRoot, 'openapi/generated/apigateway-body.json'),
        `${env.rel}: module.${name} must be given the generated body`,
      );
      const factsPath = resolvePathExpression(env, text(call.infrastructure_path));
      assert.equal(
        factsPath,
        infrastructurePath,
        `${env.rel}: module.${name} must be given the generated infrastructure facts`,
      );
    }
  });

  it("reads the contract's facts from the generated infrastructure.json, never from a copy", () => {
    const api = lambdaApi();
    assert.equal(api.locals.infrastructure, '${jsondecode(file(var.infrastructure_path))}');
    assert.equal(api.locals.integration_timeout_millis, '${local.infrastructure.integrationTimeoutMillis}');
    const fn = api.resources['aws_lambda_function.this']!;
    assert.match(
      JSON.stringify(fn.lifecycle),
      /var\.timeout \* 1000 < local\.integration_timeout_millis/,
      'the timeout must be bounded by the contract',
    );
    const alarm = api.resources['aws_cloudwatch_metric_alarm.this']!;
    assert.match(
      JSON.stringify(alarm.lifecycle),
      /var\.alarm_p99_latency_threshold_ms <= local\.integration_timeout_millis/,
      'the p99 threshold must be bounded by the contract',
    );
    const items = composition();
    assert.equal(items.locals.infrastructure, '${jsondecode(file(local.infrastructure_path))}');
    assert.equal(resolvePathExpression(items, text(items.locals.infrastructure_path)), infrastructurePath);
    assert.equal(items.modules.table?.for_each, '${local.infrastructure.tables}');
    assert.equal(items.modules.table?.partition_key, '${each.value.partitionKey}');
    assert.equal(items.modules.table?.sort_key, '${try(each.value.sortKey, null)}');
    // No number or action the JSON states is written into any .tf file.
    const facts = infrastructure();
    for (const config of all) {
      // (AWS's own list of what adding a table replica needs shares names with the contract's actions: it is kept
      // in deploy-identity/replica-creation-actions.json, not in a .tf file.)
      const code = strings(config.files).join('\n');
      assert.doesNotMatch(
        code,
        new RegExp(`\\b${facts.integrationTimeoutMillis}\\b|\\b${facts.integrationTimeoutMillis / 1000}\\b`),
        `${config.rel}: restates the integration timeout`,
      );
      for (const action of facts.integrations.lambda!.dynamodbActions)
        assert.ok(!code.includes(action), `${config.rel}: restates ${action}`);
    }
  });

  it("secures every Region with one issuer, the contract's scopes and usage plans, and outputs no secret", () => {
    const items = composition();
    const auth = items.modules.auth!;
    assert.equal(moduleSourceDir(items, auth), path.join(terraformRoot, 'modules', 'cognito-auth'));
    // One pool, in the primary Region, whose ARN every Region's body trusts (cognito-auth's README).
    assert.equal(auth.region, '${local.primary_region}');
    assert.equal(auth.resource_server_identifier, '${local.infrastructure.access.resourceServer}');
    assert.equal(auth.scopes, '${local.infrastructure.access.scopes}');
    assert.equal(auth.deletion_protection, '${var.deletion_protection_enabled}', 'prod teardown turns it off too');
    const api = items.modules.api!;
    assert.equal(api.cognito_user_pool_arn, '${module.auth.user_pool_arn}');
    assert.match(text(api.api_keys), /client\.usage_plan/);
    // Usage plans are the contract's, per Region; each key on its client's plan.
    assert.equal(lambdaApi().locals.usage_plans, '${local.infrastructure.access.usagePlans}');
    assert.equal(
      lambdaApi().resources['aws_api_gateway_usage_plan.this']!.for_each,
      '${toset(keys(local.usage_plans))}',
    );
    const planKey = lambdaApi().resources['aws_api_gateway_usage_plan_key.this']!;
    assert.equal(planKey.usage_plan_id, '${aws_api_gateway_usage_plan.this[each.value].id}');
    // Scopes and plan names are validated against the contract, not listed in HCL.
    assert.match(JSON.stringify(items.variables.api_clients!.validation), /local\.infrastructure\.access\.scopes/);
    assert.match(JSON.stringify(items.variables.api_clients!.validation), /local\.infrastructure\.access\.usagePlans/);
    // Secrets and key values stay out of outputs: ids only (`npm run stage-env` reads the values at run time).
    for (const config of all) {
      for (const [name, output] of Object.entries(config.outputs)) {
        const value = JSON.stringify(output.value);
        assert.doesNotMatch(
          value,
          /client_secret|aws_api_gateway_api_key\.[\w[\]. ]*\.value|key\.value/,
          `${config.rel}: output ${name}`,
        );
        assert.ok(
          !('sensitive' in output),
          `${config.rel}: output ${name} is marked sensitive; outputs hold no secret`,
        );
      }
      for (const [key, body] of Object.entries(config.resources))
        if (key.startsWith('aws_api_gateway_api_key.'))
          assert.ok(!('value' in body), `${config.rel}: ${key} sets its value`);
    }
  });

  it('redeploys the stage exactly when the rendered body changes', () => {
    const deployment = lambdaApi().resources['aws_api_gateway_deployment.this']!;
    const triggers = deployment.triggers as Block;
    assert.deepEqual(Object.values(triggers), ['${sha256(aws_api_gateway_rest_api.this.body)}']);
    assert.deepEqual(deployment.lifecycle, [{ create_before_destroy: true }]);
  });

  it("leaves API Gateway's account settings to the account baseline, applied by envs/bootstrap alone", () => {
    // One setting per account and Region: an environment managing it overwrites the other's and, destroyed,
    // leaves the Region without one.
    const owners = all.flatMap((config) =>
      Object.keys(config.resources)
        .filter((key) => key.startsWith('aws_api_gateway_account.'))
        .map((key) => `${config.rel}:${key}`),
    );
    assert.deepEqual(owners, ['modules/account-baseline:aws_api_gateway_account.this']);
    assert.deepEqual(
      moduleCalls('account-baseline').map(({ env }) => env.rel),
      ['envs/bootstrap'],
    );
    // The environments only check it: lambda-api's stage refuses a Region the baseline has not recorded.
    const stage = lambdaApi().resources['aws_api_gateway_stage.this']!;
    assert.match(JSON.stringify(stage.lifecycle), /data\.aws_ssm_parameter\.apigateway_cloudwatch_role\.value/);
    assert.equal(
      lambdaApi().data['aws_ssm_parameter.apigateway_cloudwatch_role']!.name,
      modules['account-baseline']!.resources['aws_ssm_parameter.cloudwatch_role']!.name,
      'both sides must take the parameter name from account-baseline-names',
    );
  });

  it('keeps create_before_destroy on the deployment and the REST API, and the REST API independent of the function', () => {
    // create_before_destroy spreads to everything a resource depends on: the deployment's reaches the REST API;
    // if the body read the function's ARN it would reach the function, its role, log group and key too.
    for (const config of all) {
      for (const [key, body] of Object.entries(config.resources)) {
        const cbd = JSON.stringify(body.lifecycle ?? []).includes('create_before_destroy');
        if (cbd)
          assert.ok(
            ['aws_api_gateway_deployment.this', 'aws_api_gateway_rest_api.this'].includes(key) &&
              config.rel === 'modules/lambda-api',
            `${config.rel}: ${key} has create_before_destroy`,
          );
      }
    }
    const api = lambdaApi();
    const body = text(api.locals.body);
    assert.match(body, /lambda_invoke_arn\s+=\s+local\.lambda_invoke_arn/);
    assert.doesNotMatch(
      [
        body,
        text(api.locals.lambda_invoke_arn),
        text(api.locals.lambda_function_arn),
        text(api.locals.dynamodb_integration_role_arn),
      ].join('\n'),
      /aws_lambda_function|aws_iam_role|aws_cloudwatch_log_group|var\.kms_key_arn/,
    );
  });

  it('logs every request as JSON, traces with X-Ray, throttles and meters every method, and lets only this stage invoke', () => {
    const config = lambdaApi();
    const stage = config.resources['aws_api_gateway_stage.this']!;
    assert.equal(stage.xray_tracing_enabled, true);
    const accessLog = (stage.access_log_settings as Block[])[0]!;
    assert.equal(accessLog.format, '${local.access_log_format}');
    const format = text(config.locals.access_log_format);
    for (const [field, variable] of Object.entries({
      requestId: '$context.requestId',
      ip: '$context.identity.sourceIp',
      method: '$context.httpMethod',
      path: '$context.path',
      status: '$context.status',
      latency: '$context.responseLatency',
      integrationLatency: '$context.integrationLatency',
    })) {
      assert.match(format, new RegExp(`\\b${field}\\s*=\\s*"${escapeRegExp(variable)}"`), `access log lacks ${field}`);
    }
    // The error message goes in as $context.error.messageString, which API Gateway renders already quoted and
    // escaped; inside quotes of our own, or as the raw $context.error.message, a quote in it breaks the line.
    // (lambda-api's tofu test renders the format with hostile messages and parses it.)
    assert.match(format, /errorMessage\s*=\s*"@messageString@"/);
    assert.ok(format.endsWith(`"\\"@messageString@\\"", "$context.error.messageString")}`), format);
    assert.doesNotMatch(format, /\$context\.error\.message"/, 'the raw message must not be quoted by hand');
    assert.match(format, /^\$\{replace\(jsonencode\(/, 'access log format must be JSON');
    const settings = config.resources['aws_api_gateway_method_settings.all']!;
    assert.equal(settings.method_path, '*/*');
    const s = (settings.settings as Block[])[0]!;
    assert.equal(s.metrics_enabled, true);
    assert.equal(s.throttling_rate_limit, '${var.throttling_rate_limit}');
    assert.equal(s.throttling_burst_limit, '${var.throttling_burst_limit}');
    const permission = config.resources['aws_lambda_permission.api_gateway']!;
    assert.equal(
      permission.source_arn,
      '${aws_api_gateway_rest_api.this.execution_arn}/${aws_api_gateway_stage.this.stage_name}/*/*',
    );
    for (const group of ['lambda', 'access', 'execution']) {
      const logGroup = config.resources[`aws_cloudwatch_log_group.${group}`]!;
      assert.equal(logGroup.kms_key_id, '${var.kms_key_arn}', `${group} log group must be encrypted`);
      assert.equal(logGroup.retention_in_days, '${var.log_retention_in_days}', `${group} log group needs a retention`);
    }
  });

  it('deploys the handler zip as nodejs22.x on arm64 with the environment the handler reads', () => {
    const config = lambdaApi();
    const fn = config.resources['aws_lambda_function.this']!;
    assert.equal(fn.runtime, 'nodejs22.x');
    assert.deepEqual(fn.architectures, ['arm64']);
    assert.equal(fn.handler, 'index.handler');
    assert.equal(fn.filename, '${var.handler_zip_path}');
    assert.equal(fn.source_code_hash, '${filebase64sha256(var.handler_zip_path)}');
    assert.deepEqual(fn.tracing_config, [{ mode: 'Active' }]);
    // The key's parameter name, never the key itself (the handler reads it from SSM; cursor-key.tf).
    assert.deepEqual(config.locals.environment, {
      TABLE_NAMES: '${jsonencode(local.table_names)}',
      POWERTOOLS_SERVICE_NAME: '${local.infrastructure.apiName}',
      LOG_LEVEL: '${var.log_level}',
      NODE_OPTIONS: '--enable-source-maps',
      CURSOR_SIGNING_KEY_PARAMETER: '${local.cursor_key_parameter_name}',
    });
    for (const { env, name, call } of moduleCalls('lambda-api')) {
      assert.equal(
        resolvePathExpression(env, text(call.handler_zip_path)),
        path.join(repoRoot, 'packages/handler/dist/handler.zip'),
        `${env.rel}: module.${name} zip`,
      );
    }
  });

  it("moves the one table of earlier versions to the items resource's, after the environments' own moves", () => {
    const movedOf = (config: Config) =>
      Object.values(config.files).flatMap((file) => (Array.isArray(file.moved) ? file.moved.filter(isBlock) : []));
    // Checked by hand with OpenTofu 1.12 and Terraform 1.11 on terraform_data: the two moves chain across the
    // module boundary (module.table -> module.items_api.module.table -> module.items_api.module.table["items"]).
    assert.deepEqual(movedOf(composition()), [{ from: '${module.table}', to: '${module.table["items"]}' }]);
    // The move lands on items's table while the contract declares items; once items is removed, an earlier
    // version's table has no resource left to move to, like any removed resource's table.
    for (const env of deployEnvs())
      for (const move of movedOf(env).filter((m) => m.from === '${module.table}'))
        assert.equal(move.to, '${module.items_api.module.table}', `${env.rel}: the chain's first link`);
  });

  it('gives the global table its key schema, stream, billing, PITR and tag propagation', () => {
    const table = globalTable().resources['aws_dynamodb_table.this']!;
    assert.equal(table.hash_key, '${var.partition_key.name}');
    assert.equal(table.range_key, '${try(var.sort_key.name, null)}');
    // The key attributes alone: the partition key's, and the sort key's when there is one.
    const attribute = ((table.dynamic as Block).attribute as Block[])[0]!;
    assert.equal(
      attribute.for_each,
      '${var.sort_key == null ? [var.partition_key] : [var.partition_key, var.sort_key]}',
    );
    assert.deepEqual(attribute.content, [{ name: '${attribute.value.name}', type: '${attribute.value.type}' }]);
    assert.equal(table.stream_view_type, 'NEW_AND_OLD_IMAGES');
    assert.equal(table.billing_mode, 'PAY_PER_REQUEST');
    const replica = ((table.dynamic as Block).replica as Block[])[0]!.content as Block[];
    assert.equal(replica[0]!.point_in_time_recovery, true);
    assert.equal(replica[0]!.propagate_tags, true);
    assert.equal((table.point_in_time_recovery as Block[])[0]!.enabled, true);
  });
});

// Guards the scanner itself: an env file that breaks each rule must be caught.
describe('the checks catch what they claim to', () => {
  it('finds module output references in direct, indexed and for-expression form', () => {
    assert.deepEqual(moduleOutputRefs('${module.a.b}'), [{ module: 'a', output: 'b' }]);
    assert.deepEqual(moduleOutputRefs('${module.a[0].b}'), [{ module: 'a', output: 'b' }]);
    assert.deepEqual(moduleOutputRefs('${{ for r, api in module.api : r => api.invoke_url }}'), [
      { module: 'api', output: 'invoke_url' },
    ]);
  });

  it('lists the terraform directories it scans', () => {
    const dirs =
      readdirSync(path.join(terraformRoot, 'modules')).length + readdirSync(path.join(terraformRoot, 'envs')).length;
    assert.equal(all.length, dirs);
  });
});
