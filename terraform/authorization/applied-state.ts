/**
 * An applied root as `tofu show -json` prints it: every resource of every module, with the values AWS holds (the
 * emulator's, after the rehearsal's apply). The authorization rehearsal reads the policies and the resources it
 * evaluates from here, never from a copy.
 */

export interface StateResource {
  address: string;
  type: string;
  values: Record<string, unknown>;
}

interface StateModule {
  resources?: StateResource[];
  child_modules?: StateModule[];
}

export interface AppliedState {
  /** The root's name in the report (bootstrap, dev, prod). */
  root: string;
  resources: StateResource[];
  /** The root's outputs, by name. */
  outputs: Record<string, unknown>;
}

function collect(module: StateModule | undefined, into: StateResource[]): StateResource[] {
  if (!module) return into;
  into.push(...(module.resources ?? []));
  for (const child of module.child_modules ?? []) collect(child, into);
  return into;
}

/** The resources of `tofu show -json` output (state format), flattened over nested modules. */
export function readAppliedState(root: string, shown: unknown): AppliedState {
  const values = (shown as { values?: { root_module?: StateModule; outputs?: Record<string, { value: unknown }> } })
    .values;
  if (!values?.root_module)
    throw new Error(`${root}: not the JSON of \`show -json\` of an applied state (no values.root_module)`);
  const outputs = Object.fromEntries(
    Object.entries(values.outputs ?? {}).map(([name, output]) => [name, output.value]),
  );
  return { root, resources: collect(values.root_module, []), outputs };
}

export function ofType(states: readonly AppliedState[], type: string): StateResource[] {
  return states.flatMap((state) => state.resources.filter((r) => r.type === type));
}

export function stringValue(resource: StateResource, key: string): string {
  const value = resource.values[key];
  if (typeof value !== 'string') throw new Error(`${resource.address}: ${key} is not a string in the state`);
  return value;
}

export function optionalString(resource: StateResource, key: string): string | undefined {
  const value = resource.values[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
