/**
 * API Gateway mapping templates on velocityjs (chosen over amplify-velocity-template: docs/benchmarks.md, Mapping
 * templates): parsed and inspected once when the body is bound, rendered per request with `$input`, `$util`,
 * `$context` and `$stageVariables`.
 */
import velocity from 'velocityjs';
import { inspectTemplate, TemplateError } from './inspect.ts';
import { javaMethodHandlers, TemplateRuntimeError } from './java-methods.ts';
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

/**
 * Parses and inspects `source`; throws a TemplateError on a syntax error or on anything not emulated.
 * `response`: an integration response template, which may use `$context.responseOverride`.
 */
export function compileTemplate(source: string, options: { response: boolean }): MappingTemplate {
  let ast;
  try {
    ast = velocity.parse(source);
  } catch (error) {
    throw new TemplateError(`not a valid Velocity template: ${(error as Error).message.split('\n')[0]}`);
  }
  inspectTemplate(ast as Parameters<typeof inspectTemplate>[0], options);
  const compiled = new velocity.Compile(ast, { escape: false, customMethodHandlers: javaMethodHandlers });
  parseStringsOnce(compiled);
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
