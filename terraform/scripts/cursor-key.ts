/**
 * `npm run cursor-key -- <set|rotate|delete> --env <env> [--tool terraform|tofu]`: writes (or removes) the
 * handler's cursor signing key in every Region of an applied environment. The parameters come from
 * `<tool> -chdir=terraform/envs/<env> output -json cursor_signing_key_parameters`; AWS credentials and profile
 * from the environment, as for Terraform. Prints what it did per Region, never the key.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SSMClient } from '@aws-sdk/client-ssm';
import { applyKeyAction, CursorKeyError, parametersFromOutput, type KeyAction } from './cursor-key-store.ts';

const envsDirectory = fileURLToPath(new URL('../envs', import.meta.url));

export const usage = `usage: npm run cursor-key -- <set|rotate|delete> --env <env> [--tool terraform|tofu]
  set     give every Region of the env a key; keeps a key already there (copied to Regions that lack one)
  rotate  a new key in every Region; cursors signed with the old key are refused (400) until clients restart
          listing, and running functions keep the old key until Lambda replaces their execution environments
  delete  remove the parameters (before destroy: Terraform does not own them, and this reads the env's outputs)
The parameters are read from \`<tool> -chdir=terraform/envs/<env> output -json cursor_signing_key_parameters\`
(default tool: terraform).`;

export interface CursorKeyArgs {
  action: KeyAction;
  env: string;
  tool: 'terraform' | 'tofu';
}

export function parseArgs(argv: string[]): CursorKeyArgs {
  const [action, ...rest] = argv;
  if (action !== 'set' && action !== 'rotate' && action !== 'delete') {
    throw new CursorKeyError(`the first argument must be set, rotate or delete; got ${action ?? 'nothing'}.`);
  }
  let env: string | undefined;
  let tool: CursorKeyArgs['tool'] = 'terraform';
  for (let index = 0; index < rest.length; index += 2) {
    const [flag, value] = [rest[index], rest[index + 1]];
    if (flag === '--env' && value !== undefined) env = value;
    else if (flag === '--tool' && (value === 'terraform' || value === 'tofu')) tool = value;
    else throw new CursorKeyError(`unexpected argument ${flag}${value === undefined ? '' : ` ${value}`}.`);
  }
  if (env === undefined) throw new CursorKeyError('--env <env> is required (a directory of terraform/envs).');
  if (!/^[a-z0-9-]+$/.test(env) || !existsSync(path.join(envsDirectory, env, 'outputs.tf'))) {
    throw new CursorKeyError(`--env ${env} is not an environment of terraform/envs.`);
  }
  return { action, env, tool };
}

function readTerraformOutput(args: CursorKeyArgs): unknown {
  const command = [`-chdir=${path.join(envsDirectory, args.env)}`, 'output', '-json', 'cursor_signing_key_parameters'];
  try {
    return JSON.parse(execFileSync(args.tool, command, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
  } catch (error) {
    const { stderr, message } = error as { stderr?: string | Buffer; message: string };
    const reason = (stderr?.toString() || message).trim();
    throw new CursorKeyError(
      `\`${args.tool} -chdir=terraform/envs/${args.env} output -json cursor_signing_key_parameters\` failed (init and apply the env first): ${reason}`,
    );
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const parameters = parametersFromOutput(readTerraformOutput(args));
  const outcomes = await applyKeyAction(args.action, parameters, (region) => new SSMClient({ region }));
  for (const { region, name, result } of outcomes) console.log(`${region} ${name}: ${result}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  main().catch((error: unknown) => {
    const { name, message } = error as Error;
    console.error(`cursor-key: ${name === 'CursorKeyError' ? '' : `${name}: `}${message}`);
    if (name === 'CursorKeyError' && /argument|--env/.test(message)) console.error(usage);
    process.exit(1);
  });
}
