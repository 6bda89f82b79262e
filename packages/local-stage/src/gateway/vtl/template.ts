/**
 * API Gateway mapping templates on velocityjs (chosen over amplify-velocity-template: docs/benchmarks.md, Mapping
 * templates): parsed and inspected once when the body is bound, rendered per request with `$input`, `$util`,
 * `$context` and `$stageVariables`.
 */
import velocity from 'velocityjs';
import { inspectTemplate, TemplateError } from './inspect.ts';
import { javaMethodHandlers, TemplateRuntimeError } from './java-methods.ts';
import { printed, velocityEquals } from './java-values.ts';
import { utilVariable, type InputVariable } from './variables.ts';

export { TemplateError, TemplateRuntimeError };

export interface TemplateVariables {
  input: InputVariable;
  context: Record<string, unknown>;
  stageVariables: Record<string, string>;
}

export interface MappingTemplate {
  /** Renders with this request's variables; throws a TemplateRuntimeError on what API Gateway would fail too. */
  render(variables: TemplateVariables): string;
}

/** What velocityjs does with a double-quoted string ("item-$id"): parse it as a template, then render that. */
interface StringEvaluation {
  evalStr(text: string): string;
  renderAstList(ast: unknown, contextId: string): string;
  contextId: string;
}

/**
 * velocityjs parses every double-quoted string again each time it is evaluated (most of a render's time, measured:
 * docs/benchmarks.md); a template's strings are fixed, so each is parsed once.
 */
function parseStringsOnce(compiled: object): void {
  const evaluation = compiled as StringEvaluation;
  const parsed = new Map<string, unknown>();
  evaluation.evalStr = (text) => {
    let ast = parsed.get(text);
    if (ast === undefined) {
      ast = velocity.parse(text);
      parsed.set(text, ast);
    }
    return evaluation.renderAstList(ast, evaluation.contextId);
  };
}

/** What velocityjs evaluates a reference and an expression with; its own `==` and printing are JavaScript's. */
interface ExpressionNode {
  type: string;
  operator?: string;
  expression?: ExpressionNode[];
}
interface Evaluation {
  getReferences(ast: unknown, isVal?: boolean): unknown;
  getExpression(ast: ExpressionNode): unknown;
}

/**
 * API Gateway's printing and `==` (java-values.ts) in place of velocityjs': a printed reference is its value's
 * Java text, nothing for null (velocityjs prints the reference itself, or a map's `[object Object]` via toString).
 */
function javaSemantics(compiled: object): void {
  const evaluation = compiled as Evaluation;
  const reference = evaluation.getReferences.bind(evaluation);
  const expression = evaluation.getExpression.bind(evaluation);
  evaluation.getReferences = (ast, isVal) => (isVal === true ? printed(reference(ast, false)) : reference(ast, isVal));
  evaluation.getExpression = (ast) => {
    if (ast.type !== 'math' || (ast.operator !== '==' && ast.operator !== '!=')) return expression(ast);
    const [left, right] = ast.expression as [ExpressionNode, ExpressionNode];
    const equal = velocityEquals(evaluation.getExpression(left), evaluation.getExpression(right));
    return ast.operator === '==' ? equal : !equal;
  };
}

/** Parses and inspects `source`; throws a TemplateError on a syntax error or on anything not emulated. */
export function compileTemplate(source: string): MappingTemplate {
  let ast;
  try {
    ast = velocity.parse(source);
  } catch (error) {
    throw new TemplateError(`not a valid Velocity template: ${(error as Error).message.split('\n')[0]}`);
  }
  inspectTemplate(ast as Parameters<typeof inspectTemplate>[0]);
  const compiled = new velocity.Compile(ast, { escape: false, customMethodHandlers: javaMethodHandlers });
  parseStringsOnce(compiled);
  javaSemantics(compiled);
  return {
    render: ({ input, context, stageVariables }) => {
      try {
        return compiled.render({ input, util: utilVariable, context, stageVariables });
      } catch (error) {
        // velocityjs' own failures (e.g. a method on null) are the template's too.
        if (error instanceof TemplateRuntimeError) throw error;
        throw new TemplateRuntimeError(
          `the template failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    },
  };
}
