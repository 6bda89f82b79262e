/**
 * `npm run stage-env -- --env <env> [--region <r>] [--client <name>] [--reader <name>] [--out <file>]
 * [--tool terraform|tofu]`: writes a deployed environment's `.local/stage.env` — the same `ITEMS_API_*` variables
 * the local stage writes — so the e2e suite, the bench, the seed command and curl reach it unchanged. IDs and URLs
 * come from `<tool> -chdir=terraform/envs/<env> output -json`; the secrets and API key values are read at run time
 * with the AWS credentials of the environment (as for Terraform). The file is mode 0600; nothing secret is printed.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { stageEnvText, writeStageEnv } from '@items-api/local-stage/stage-env';
import {
  readCredentials,
  StageEnvError,
  stageSourceFromOutputs,
  type StageSelection,
} from './stage-env-credentials.ts';

const envsDirectory = fileURLToPath(new URL('../../../terraform/envs', import.meta.url));

export const usage = `usage: npm run stage-env -- --env <env> [--region <region>] [--client <name>] [--reader <name>]
                         [--out <file>] [--tool terraform|tofu]
  --env     a directory of terraform/envs, applied (dev, prod)
  --region  the Region whose stage ITEMS_API_BASE_URL names (default: the primary Region, output api_url)
  --client  the client with every scope (default: writer); --reader: the read-only one (default: reader)
  --out     where to write (default: .local/stage.env), mode 0600
  --tool    terraform (default) or tofu, for \`output -json\`
Needs AWS credentials allowed cognito-idp:DescribeUserPoolClient on the env's user pool and apigateway:GET on its
API keys. Then: set -a; . .local/stage.env; set +a`;

export interface StageEnvArgs extends StageSelection {
  env: string;
  out: string;
  tool: 'terraform' | 'tofu';
}

export function parseArgs(argv: string[]): StageEnvArgs {
  const args: Partial<StageEnvArgs> = {
    client: 'writer',
    reader: 'reader',
    out: '.local/stage.env',
    tool: 'terraform',
  };
  const flags: Record<string, (value: string) => void> = {
    '--env': (value) => (args.env = value),
    '--region': (value) => (args.region = value),
    '--client': (value) => (args.client = value),
    '--reader': (value) => (args.reader = value),
    '--out': (value) => (args.out = value),
    '--tool': (value) => {
      if (value !== 'terraform' && value !== 'tofu')
        throw new StageEnvError(`--tool must be terraform or tofu, got ${value}.`);
      args.tool = value;
    },
  };
  for (let index = 0; index < argv.length; index += 2) {
    const [flag, value] = [argv[index]!, argv[index + 1]];
    const set = flags[flag];
    if (set === undefined || value === undefined || value.startsWith('--'))
      throw new StageEnvError(`unexpected argument ${flag}${value === undefined ? ' (without a value)' : ''}.`);
    set(value);
  }
  if (args.env === undefined) throw new StageEnvError('--env <env> is required (a directory of terraform/envs).');
  if (!/^[a-z0-9-]+$/.test(args.env) || !existsSync(path.join(envsDirectory, args.env, 'outputs.tf')))
    throw new StageEnvError(`--env ${args.env} is not an environment of terraform/envs.`);
  if (args.client === args.reader) throw new StageEnvError('--client and --reader must name two different clients.');
  return args as StageEnvArgs;
}

function readTerraformOutputs(args: StageEnvArgs): unknown {
  const command = [`-chdir=${path.join(envsDirectory, args.env)}`, 'output', '-json', '-no-color'];
  try {
    return JSON.parse(execFileSync(args.tool, command, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
  } catch (error) {
    const { stderr, message } = error as { stderr?: string | Buffer; message: string };
    throw new StageEnvError(
      `\`${args.tool} -chdir=terraform/envs/${args.env} output -json\` failed (init and apply the env first): ${(stderr?.toString() || message).trim()}`,
    );
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const source = stageSourceFromOutputs(readTerraformOutputs(args), args);
  const credentials = await readCredentials(source, {
    cognito: (region) => new CognitoIdentityProviderClient({ region }),
    apiGateway: (region) => new APIGatewayClient({ region }),
  });
  await writeStageEnv(args.out, stageEnvText(source.baseUrl, credentials));
  console.log(
    `stage-env: wrote ${args.out} (mode 0600) for ${args.env} in ${source.region}: ${source.baseUrl}, clients ` +
      `${source.client.name} and ${source.reader.name} (read-only). Load it with: set -a; . ${args.out}; set +a`,
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  main().catch((error: unknown) => {
    const { name, message } = error as Error;
    console.error(`stage-env: ${name === 'StageEnvError' ? '' : `${name}: `}${message}`);
    if (name === 'StageEnvError' && /argument|--env|--tool/.test(message)) console.error(usage);
    process.exit(1);
  });
}
