/**
 * rehearse.sh's authorization step:
 *   node --import tsx authorization/main.ts --bootstrap boot.json --env dev=dev.json [--env prod=prod.json] --calls calls.jsonl
 * (the `show -json` of each applied root, and moto's request log). Prints the report; exits 1 on any failure.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { readAppliedState } from './applied-state.ts';
import type { RecordedCall } from './recorded-calls.ts';
import { rehearseAuthorization } from './rehearsal.ts';
import { readInfrastructure, stateKey } from './roots.ts';

const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { bootstrap: { type: 'string' }, env: { type: 'string', multiple: true }, calls: { type: 'string' } },
  });
  if (!values.bootstrap || !values.env?.length || !values.calls) {
    console.error('usage: main.ts --bootstrap <show.json> --env <name>=<show.json> [...] --calls <requests.jsonl>');
    return 2;
  }
  const envs = values.env.map((spec) => {
    const [name, path] = spec.split('=');
    if (!name || !path) throw new Error(`--env ${spec}: expected <name>=<show.json>`);
    return readAppliedState(name, readJson(path));
  });
  const calls = readFileSync(values.calls, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as RecordedCall);
  const started = performance.now();
  const report = await rehearseAuthorization({
    bootstrap: readAppliedState('bootstrap', readJson(values.bootstrap)),
    envs,
    calls,
    infrastructure: readInfrastructure(),
    stateKeys: Object.fromEntries(envs.map((e) => [e.root, stateKey(e.root)])),
  });
  for (const line of report.lines) console.log(line);
  console.log(`authorization: evaluated in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return report.ok ? 0 : 1;
}

process.exit(await main());
