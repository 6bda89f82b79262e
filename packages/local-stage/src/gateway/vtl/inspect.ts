/**
 * The static check of a mapping template when the body is bound: every directive, variable, property and method it
 * uses must be one this emulator implements, or the stage does not start. What velocityjs would otherwise do with
 * the unknown (print the reference as text, call a JavaScript method of the same name) is never what API Gateway
 * does, and a request would be the first to find out.
 */
import velocity from 'velocityjs';
import { javaMethodNames } from './java-methods.ts';
import { parseJsonPath } from './json-path.ts';
import { inputMethods, sampleContext, utilMethods } from './variables.ts';

type Node = string | Node[] | AstNode;
interface AstNode {
  type: string;
  id?: unknown;
  value?: unknown;
  [field: string]: unknown;
}
interface Reference extends AstNode {
  type: 'references';
  id: string;
  path?: Attribute[];
  args?: unknown;
}
type Attribute =
  | { type: 'property'; id: string }
  | { type: 'method'; id: string; args: AstNode[] | false }
  | { type: 'index'; id: AstNode };

/** `$foreach`'s fields that velocityjs implements. */
const foreachFields = new Set(['hasNext', 'index', 'count']);

export class TemplateError extends Error {
  override name = 'TemplateError';
}

/** Throws a TemplateError naming the first construct of `ast` that is not emulated. */
export function inspectTemplate(ast: Node[]): void {
  const locals = new Set<string>();
  collectLocals(ast, locals);
  const context = sampleContext();
  const check = (nodes: Node[]) => nodes.forEach((node) => checkNode(node, locals, context));
  check(ast);
}

function line(node: AstNode): string {
  const pos = node.pos as { first_line?: number } | undefined;
  return pos?.first_line === undefined ? '' : ` (line ${pos.first_line})`;
}

/** Variables the template introduces: `#set($x = ...)` targets and `#foreach($x in ...)` loop variables. */
function collectLocals(node: Node, locals: Set<string>): void {
  if (typeof node === 'string') return;
  if (Array.isArray(node)) {
    node.forEach((child) => collectLocals(child, locals));
    return;
  }
  if (node.type === 'set') {
    const [target] = node.equal as [Reference];
    if (target.path === undefined) locals.add(target.id);
  }
  if (node.type === 'foreach') locals.add(node.to as string);
}

/**
 * Text that looks like a directive but is none (`#elseIN` where `#else` then `IN` was meant; `#{else}IN` says that):
 * Velocity outputs it as text, which is never what a template's author meant.
 */
function checkText(text: string): void {
  const lookalike = /#[A-Za-z]\w*/.exec(text);
  if (lookalike !== null)
    throw new TemplateError(
      `"${lookalike[0]}" is not a directive and would be output as text (write #{else}, #{end}... before letters)`,
    );
}

function checkNode(node: Node, locals: Set<string>, context: Record<string, unknown>): void {
  if (typeof node === 'string') {
    checkText(node);
    return;
  }
  if (Array.isArray(node)) {
    // velocityjs splits text at each `#`: check the text as written.
    let text = '';
    for (const child of node) {
      if (typeof child === 'string') text += child;
      else {
        checkText(text);
        text = '';
        checkNode(child, locals, context);
      }
    }
    checkText(text);
    return;
  }
  const expression = (value: unknown) => checkExpression(value as AstNode, locals, context);
  switch (node.type) {
    case 'comment':
    case 'else':
    case 'end':
      return;
    case 'set': {
      const [target, value] = node.equal as [Reference, AstNode];
      if (target.path !== undefined) checkSetTarget(target);
      expression(value);
      return;
    }
    case 'if':
    case 'elseif':
      expression(node.condition);
      return;
    case 'foreach':
      expression(node.from);
      return;
    case 'references':
      checkReference(node as Reference, locals, context);
      return;
    default:
      throw new TemplateError(
        `#${node.type === 'macro_call' ? String(node.id) : node.type}${line(node)} is not emulated`,
      );
  }
}

function checkExpression(node: AstNode, locals: Set<string>, context: Record<string, unknown>): void {
  switch (node.type) {
    case 'references':
      checkReference(node as Reference, locals, context);
      return;
    case 'math':
      (node.expression as AstNode[]).forEach((part) => checkExpression(part, locals, context));
      return;
    case 'string':
      // A double-quoted string is itself a template: "item-$id".
      if (node.isEval === true) checkNode(velocity.parse(node.value as string) as Node[], locals, context);
      return;
    case 'array':
      if (node.isRange !== true) (node.value as AstNode[]).forEach((item) => checkExpression(item, locals, context));
      else
        (node.value as unknown[]).forEach(
          (end) => typeof end === 'object' && checkExpression(end as AstNode, locals, context),
        );
      return;
    case 'map':
      Object.values(node.value as Record<string, AstNode>).forEach((item) => checkExpression(item, locals, context));
      return;
    case 'integer':
    case 'decimal':
    case 'bool':
      return;
    default:
      throw new TemplateError(`the expression ${JSON.stringify(node.value ?? node.type)}${line(node)} is not emulated`);
  }
}

/**
 * `#set($context.responseOverride.<field>)` and `.header.<name>`, in a request or a response template: the only
 * properties a template sets. API Gateway applies `status` and `header` to the method response and carries any other
 * field from the request template to the response template (AWS-recorded: test/vtl-parity/cases.ts).
 */
function checkSetTarget(target: Reference): void {
  const path = (target.path ?? []).map((attribute) => (attribute.type === 'property' ? attribute.id : null));
  const settable =
    target.id === 'context' &&
    path[0] === 'responseOverride' &&
    ((path.length === 2 && path[1] !== null && path[1] !== 'header') ||
      (path.length === 3 && path[1] === 'header' && path[2] !== null));
  if (!settable)
    throw new TemplateError(
      `#set($${target.id}.${path.join('.')})${line(target)}: only $context.responseOverride.<field> and .header.<name> can be set`,
    );
}

function checkArguments(
  attribute: Attribute & { type: 'method' },
  locals: Set<string>,
  context: Record<string, unknown>,
): AstNode[] {
  const args = attribute.args === false ? [] : attribute.args;
  args.forEach((arg) => checkExpression(arg, locals, context));
  return args;
}

function checkReference(reference: Reference, locals: Set<string>, context: Record<string, unknown>): void {
  const name = `$${reference.id}${line(reference)}`;
  if (reference.args !== undefined) throw new TemplateError(`${name}: calling a variable is not emulated`);
  const path = reference.path ?? [];
  const rest = (from: number) => checkValuePath(path.slice(from), name, locals, context);
  switch (reference.id) {
    case 'input': {
      const [first] = path;
      if (first?.type === 'property' && first.id === 'body') return rest(1);
      if (first?.type !== 'method' || !Object.hasOwn(inputMethods, first.id))
        throw new TemplateError(
          `${name}: $input has body, json(path), path(path) and params([name]), not ${describe(first)}`,
        );
      const args = checkArguments(first, locals, context);
      const counts: readonly number[] = inputMethods[first.id as keyof typeof inputMethods];
      if (!counts.includes(args.length))
        throw new TemplateError(
          `${name}: $input.${first.id}() takes ${counts.join(' or ')} arguments, not ${args.length}`,
        );
      // A literal path is checked now; one built from references (`"$.$name"`) when it is evaluated.
      const [pathArgument] = args;
      const literalPath = pathArgument?.type === 'string' ? String(pathArgument.value) : undefined;
      if (first.id !== 'params' && literalPath !== undefined && !/\$!?\{?[A-Za-z]/.test(literalPath)) {
        try {
          parseJsonPath(literalPath);
        } catch (error) {
          throw new TemplateError(`${name}: ${(error as Error).message}`);
        }
      }
      return rest(1);
    }
    case 'util': {
      const [first] = path;
      if (first?.type !== 'method' || !utilMethods.has(first.id))
        throw new TemplateError(`${name}: $util has ${[...utilMethods].join(', ')}, not ${describe(first)}`);
      if (checkArguments(first, locals, context).length !== 1)
        throw new TemplateError(`${name}: $util.${first.id}() takes one argument`);
      return rest(1);
    }
    case 'context': {
      let value: unknown = context;
      let index = 0;
      for (; index < path.length && typeof value === 'object' && value !== null && !Array.isArray(value); index++) {
        const attribute = path[index] as Attribute;
        // What a template set in responseOverride (or nothing: null) is read back by any name.
        const override = context.responseOverride as { header: unknown };
        const isOverride = value === override || value === override.header;
        if (isOverride && attribute.type !== 'method') return rest(index + 1);
        if (attribute.type !== 'property' || !Object.hasOwn(value, attribute.id))
          throw new TemplateError(
            `${name}: $context has no ${describe(attribute)} here (see docs/local-stage.md, Direct integrations)`,
          );
        value = (value as Record<string, unknown>)[attribute.id];
      }
      return rest(index);
    }
    case 'stageVariables':
      return rest(0);
    case 'foreach': {
      const [first] = path;
      if (first?.type !== 'property' || !foreachFields.has(first.id))
        throw new TemplateError(`${name}: $foreach has ${[...foreachFields].join(', ')}, not ${describe(first)}`);
      return rest(1);
    }
    case 'null':
      // Velocity's idiom for null: a reference nobody sets (`#if($x == $null)`).
      if (path.length > 0 || locals.has('null'))
        throw new TemplateError(`${name}: $null stands for null; it has no members and is not set`);
      return;
    default:
      if (!locals.has(reference.id))
        throw new TemplateError(
          `${name} is neither a variable API Gateway provides ($input, $util, $context, $stageVariables) nor one the template sets`,
        );
      return rest(0);
  }
}

/** Properties, indices and Java methods on a value. */
function checkValuePath(path: Attribute[], name: string, locals: Set<string>, context: Record<string, unknown>): void {
  for (const attribute of path) {
    if (attribute.type === 'index') checkExpression(attribute.id, locals, context);
    if (attribute.type !== 'method') continue;
    if (!javaMethodNames.has(attribute.id))
      throw new TemplateError(
        `${name}: the method ${attribute.id}() is not emulated (it emulates ${[...javaMethodNames].join(', ')})`,
      );
    checkArguments(attribute, locals, context);
  }
}

function describe(attribute: Attribute | undefined): string {
  if (attribute === undefined) return 'nothing';
  if (attribute.type === 'method') return `${attribute.id}()`;
  if (attribute.type === 'property') return `.${attribute.id}`;
  return '[...]';
}
