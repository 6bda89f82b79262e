/**
 * The one route matcher (`@items-api/openapi/router`): which resource template (`/items/{id}`) a request path
 * belongs to, with API Gateway's precedence - a literal segment beats `{param}`, which beats a greedy `{param+}`.
 * Parameter values are passed on as received (not URL-decoded), an empty segment never fills a parameter, and a
 * trailing slash is a different path (`/items/` is not `/items`), as on API Gateway.
 *
 * Templates are parsed and ordered by precedence once, so a request is one walk over split segments, no regex.
 */

export interface RouteMatch {
  template: string;
  /** Prototype-less, so a parameter named `constructor` or `__proto__` is just a key. */
  pathParameters: Record<string, string>;
}

export interface Router {
  match(path: string): RouteMatch | undefined;
}

type Segment =
  { kind: 'literal'; text: string } | { kind: 'parameter'; name: string } | { kind: 'greedy'; name: string };

interface Route {
  template: string;
  segments: Segment[];
}

/** A segment's precedence: at the first position where two templates differ, the higher rank wins. */
const rank = { literal: 2, parameter: 1, greedy: 0 } as const;

export function createRouter(templates: Iterable<string>): Router {
  const routes = [...templates].map(parseTemplate);
  rejectAmbiguous(routes);
  // Precedence only depends on the templates, so the first route that matches in this order is the best one.
  routes.sort((a, b) => compareRanks(b, a));
  return {
    match(path) {
      if (!path.startsWith('/')) return undefined;
      const parts = path.slice(1).split('/');
      for (const route of routes) {
        const pathParameters = matchSegments(route.segments, parts);
        if (pathParameters) return { template: route.template, pathParameters };
      }
      return undefined;
    },
  };
}

function parseTemplate(template: string): Route {
  if (!template.startsWith('/')) throw new Error(`Resource template "${template}" must start with "/"`);
  // `/` is the one template with an empty segment: it matches only the path `/`.
  const texts = template.slice(1).split('/');
  const names = new Set<string>();
  const segments = texts.map((text, index): Segment => {
    const variable = /^\{([^{}/+]+)(\+?)\}$/.exec(text);
    if (!variable) {
      if (/[{}]/.test(text))
        throw new Error(`Resource template "${template}": "${text}" is neither a literal nor a whole {parameter}`);
      if (text === '' && template !== '/') throw new Error(`Resource template "${template}" has an empty segment`);
      return { kind: 'literal', text };
    }
    const [, name = '', plus] = variable;
    if (names.has(name)) throw new Error(`Resource template "${template}" names {${name}} twice`);
    names.add(name);
    if (plus === '') return { kind: 'parameter', name };
    if (index !== texts.length - 1)
      throw new Error(`Resource template "${template}": a greedy {${name}+} must be the last segment`);
    return { kind: 'greedy', name };
  });
  return { template, segments };
}

/** Two templates that differ only in parameter names (`/a/{x}`, `/a/{y}`) would match the same paths. */
function rejectAmbiguous(routes: Route[]): void {
  const byShape = new Map<string, string>();
  for (const { template, segments } of routes) {
    const shape = segments.map((s) => (s.kind === 'literal' ? `=${s.text}` : s.kind)).join('/');
    const other = byShape.get(shape);
    if (other !== undefined) throw new Error(`Resource templates "${other}" and "${template}" match the same paths`);
    byShape.set(shape, template);
  }
}

function compareRanks(a: Route, b: Route): number {
  for (let i = 0; i < Math.max(a.segments.length, b.segments.length); i++) {
    const difference = rankAt(a, i) - rankAt(b, i);
    if (difference !== 0) return difference;
  }
  return 0;
}

function rankAt(route: Route, index: number): number {
  const segment = route.segments[index];
  return segment === undefined ? -1 : rank[segment.kind];
}

/** The path parameters when `parts` (the path split at `/`) fits the template's segments. */
function matchSegments(segments: Segment[], parts: string[]): Record<string, string> | undefined {
  const pathParameters = Object.create(null) as Record<string, string>;
  for (const [index, segment] of segments.entries()) {
    if (segment.kind === 'greedy') {
      const rest = parts.slice(index).join('/');
      if (rest === '') return undefined;
      pathParameters[segment.name] = rest;
      return pathParameters;
    }
    const part = parts[index];
    if (part === undefined) return undefined;
    if (segment.kind === 'literal') {
      if (part !== segment.text) return undefined;
    } else {
      if (part === '') return undefined;
      pathParameters[segment.name] = part;
    }
  }
  return parts.length === segments.length ? pathParameters : undefined;
}
