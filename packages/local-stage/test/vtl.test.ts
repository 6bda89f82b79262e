/**
 * The mapping template engine against API Gateway's documented behaviour: `$util`'s Java semantics, `$input`,
 * `$context`, the Velocity directives and Java methods templates use, and every construct refused at bind time.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { base64Decode, base64Encode, escapeJavaScript, urlDecode, urlEncode } from '../src/gateway/vtl/java-text.ts';
import { compileTemplate, TemplateRuntimeError } from '../src/gateway/vtl/template.ts';
import {
  contextVariable,
  inputVariable,
  requestParameters,
  type ResponseOverride,
} from '../src/gateway/vtl/variables.ts';
import type { IncomingRequest } from '../src/gateway/http.ts';

const request: IncomingRequest = {
  method: 'DELETE',
  basePath: '/dev',
  path: '/items/a b',
  query: 'limit=5&tag=x&tag=y',
  rawHeaders: [
    ['If-Match', '"3"'],
    ['User-Agent', 'vtl-test'],
    ['Host', 'localhost:3000'],
  ],
  body: Buffer.from('{"name":"n","n":1.5,"list":[1,"two",{"k":true}],"nested":{"a":{"b":"c"}},"q\'uote":"x"}'),
  sourceIp: '10.0.0.7',
};
const parameters = requestParameters(request, { id: 'a b' });

function render(source: string, options: { body?: string; override?: ResponseOverride } = {}) {
  const template = compileTemplate(source);
  return template.render({
    input: inputVariable(options.body ?? request.body.toString('utf8'), parameters),
    context: contextVariable(
      { request, resourcePath: '/items/{id}', requestId: 'req-1', requestTimeEpoch: 1_764_000_000_000, stage: 'dev' },
      options.override ?? { header: {} },
    ),
    stageVariables: { color: 'blue' },
  });
}

describe('$util, as Java computes it', () => {
  it('escapeJavaScript is Commons Lang 2 StringEscapeUtils.escapeJavaScript', () => {
    const cases: [string, string][] = [
      ['plain text 123', 'plain text 123'],
      [`it's`, String.raw`it\'s`],
      ['say "hi"', String.raw`say \"hi\"`],
      ['back\\slash', String.raw`back\\slash`],
      ['a/b', String.raw`a\/b`],
      ['\b\t\n\f\r', String.raw`\b\t\n\f\r`],
      ['\u0000\u0001\u000b\u001f', String.raw`\u0000\u0001\u000B\u001F`],
      ['\u007f', '\u007f'], // DEL is ASCII: kept
      ['é', String.raw`\u00E9`],
      ['Ā€', String.raw`\u0100\u20AC`],
      ['😀', String.raw`\uD83D\uDE00`], // UTF-16 code units, as Java strings are
      ['<tag>&', '<tag>&'],
    ];
    for (const [input, expected] of cases) assert.equal(escapeJavaScript(input), expected, JSON.stringify(input));
  });

  it('urlEncode is URLEncoder.encode(UTF-8): form encoding, only A-Za-z0-9.-*_ kept', () => {
    assert.equal(urlEncode('a b&c=d/é*~.-_+'), 'a+b%26c%3Dd%2F%C3%A9*%7E.-_%2B');
    assert.equal(urlEncode('😀'), '%F0%9F%98%80');
  });

  it('urlDecode is URLDecoder.decode(UTF-8), refusing a malformed escape', () => {
    assert.equal(urlDecode('a+b%26c%3Dd%2F%C3%A9*%7E'), 'a b&c=d/é*~');
    assert.equal(urlDecode('%F0%9F%98%80'), '😀');
    assert.throws(() => urlDecode('100%'), /illegal hex characters/);
    assert.throws(() => urlDecode('%zz'), /illegal hex characters/);
  });

  it('base64Encode and base64Decode work on UTF-8', () => {
    assert.equal(base64Encode('é!'), 'w6kh');
    assert.equal(base64Decode('w6kh'), 'é!');
  });

  it('is what templates call', () => {
    assert.equal(
      render(
        String.raw`$util.escapeJavaScript("it's").replaceAll("\\'", "'")|$util.urlEncode("a b")|$util.urlDecode("a+b")|$util.base64Encode("x")|$util.base64Decode("eA==")|$util.parseJson('{"a":[1,2]}').a.size()`,
      ),
      "it's|a+b|a b|eA==|x|2",
    );
  });

  it('fails the render on what Java would throw', () => {
    assert.throws(() => render('$util.parseJson("{")'), TemplateRuntimeError);
    assert.throws(() => render('$util.urlDecode("%")'), TemplateRuntimeError);
  });
});

describe('$input', () => {
  it('body is the raw payload', () => {
    assert.equal(render('$input.body', { body: 'not json' }), 'not json');
  });

  it('json(path) is the JSON text at a path, the empty string where there is none', () => {
    assert.equal(render(`$input.json('$')`, { body: '{"a":1}' }), '{"a":1}');
    assert.equal(render(`$input.json('$.list[2]')`), '{"k":true}');
    assert.equal(render(`$input.json('$.name')`), '"n"');
    assert.equal(render(`$input.json("$['q\\'uote']")`), '"x"');
    assert.equal(render(`[$input.json('$.missing')]`), '[]');
  });

  it('path(path) is the value at a path, to use in directives', () => {
    assert.equal(render(`$input.path('$.nested.a.b')`), 'c');
    assert.equal(render(`$input.path('$.list').size()`), '3');
    assert.equal(render(`#if($input.path('$.missing'))yes#{else}no#end`), 'no');
    assert.equal(
      render(`#set($l = $input.path('$.list'))#set($d = $l.add(4))$l.size() $input.path('$.list').size()`),
      '4 3',
    );
  });

  it('params() is every parameter, params(name) one from path, query string or header', () => {
    assert.equal(
      render(`$input.params().path.id|$input.params().querystring.limit|$input.params().header.get('If-Match')`),
      'a b|5|"3"',
    );
    assert.equal(
      render(`$input.params('id')|$input.params('tag')|$input.params('if-match')|[$input.params('none')]`),
      'a b|x|"3"|[]',
    );
  });

  it('refuses a payload that is not JSON when asked for JSON', () => {
    assert.throws(() => render(`$input.json('$')`, { body: '{' }), TemplateRuntimeError);
  });
});

describe('what API Gateway prints and compares (AWS-recorded: test/vtl-parity/cases.ts)', () => {
  const body = '{"map":{"foo":"bar","list":[{"k":"v"}]},"list":[{"foo":"bar"}],"empty":[],"none":null}';
  const print = (source: string, payload = body) => render(source, { body: payload });

  it('a list from JSON prints as JSON, a map as Java prints it, a list the template built as Java prints it', () => {
    assert.equal(print(`$input.path('$.list')`), '[{"foo":"bar"}]');
    assert.equal(print(`$input.path('$.map')`), '{foo=bar, list=[{"k":"v"}]}');
    assert.equal(print(`$input.path('$.list')[0]`), '{foo=bar}');
    assert.equal(print(`$util.parseJson('[1,{"a":[2]}]')`), '[1,{"a":[2]}]');
    assert.equal(print(`#set($l = ["a", 1])$l`), '[a, 1]');
  });

  it("toString() of a map is Java's, so a test on its text holds", () => {
    assert.equal(print(`$input.path('$.map').toString()`), '{foo=bar, list=[{"k":"v"}]}');
    assert.equal(print(`#if($input.path('$').toString().contains("foo=bar"))yes#end`), 'yes');
  });

  it('$input.body of an empty payload is {}', () => {
    assert.equal(print('$input.body', ''), '{}');
    assert.equal(print('MessageBody=$input.body', ''), 'MessageBody={}');
  });

  it('a null or missing value prints nothing', () => {
    assert.equal(
      print(
        `#set($result = $input.path('$.missing'))[$result][$result.nested][$input.path('$.none')][$stageVariables.missing][$util.urlEncode($input.body.missing)][$util.escapeJavaScript($result)]#set($s = "$result")[$s]`,
      ),
      '[][][][][][][]',
    );
  });

  it('== "" holds for null and not for an empty list; != is its negation', () => {
    const compare = (path: string) =>
      print(
        `#set($v = $input.path('${path}'))#if($v == "")E#{else}e#end#if($v != "")N#{else}n#end#if($v == $null)0#end`,
      );
    assert.equal(compare('$.missing'), 'En0');
    assert.equal(compare('$.none'), 'En0');
    assert.equal(compare('$.empty'), 'eN');
    assert.equal(
      print(`#if("1" == 1)s#end#if(1 == 1.0)n#end#if($input.path('$.list') == $input.path('$.list'))l#end`),
      'snl',
    );
  });
});

describe('$context and $stageVariables', () => {
  it('has the request facts', () => {
    assert.equal(
      render(
        '$context.requestId $context.stage $context.resourcePath $context.httpMethod $context.path $context.identity.sourceIp $context.identity.userAgent $context.requestTimeEpoch $context.requestTime $context.domainName [$context.identity.caller]',
      ),
      'req-1 dev /items/{id} DELETE /dev/items/a b 10.0.0.7 vtl-test 1764000000000 24/Nov/2025:16:00:00 +0000 localhost:3000 []',
    );
    assert.equal(render('$stageVariables.color $stageVariables.get("color")'), 'blue blue');
  });

  it('responseOverride.status, .header.<name> and other fields are set by a template and read back', () => {
    const override: ResponseOverride = { header: {} };
    render(
      `#set($context.responseOverride.status = 412)#set($context.responseOverride.header.Content-Type = 'application/problem+json')#set($context.responseOverride.header.ETag = "W/$input.params('id')")#set($context.responseOverride.custom = "carried")`,
      { override },
    );
    assert.deepEqual(override, {
      status: 412,
      header: { 'Content-Type': 'application/problem+json', ETag: 'W/a b' },
      custom: 'carried',
    });
    assert.equal(
      render(
        '$context.responseOverride.status|$context.responseOverride.header.ETag|$context.responseOverride.custom',
        {
          override,
        },
      ),
      '412|W/a b|carried',
    );
    assert.equal(render('[$context.responseOverride.status][$context.responseOverride.other]'), '[][]');
  });
});

describe('Velocity directives and Java methods', () => {
  const cases: [string, string, string][] = [
    ['#set and a double-quoted string template', '#set($id = "7")#set($key = "item-$id")$key', 'item-7'],
    [
      '#if/#elseif/#else',
      '#foreach($n in [1, 2, 3])#if($n == 1)one#elseif($n == 2)two#{else}many#end #end',
      'one two many ',
    ],
    [
      '#foreach with $foreach.hasNext, index and count',
      '#foreach($x in ["a", "b"])$foreach.index$foreach.count$x#if($foreach.hasNext),#end#end',
      '01a,12b',
    ],
    ['&&, || and !', '#if(true && !false || false)yes#end', 'yes'],
    [
      'Map keySet, get, entrySet, containsKey, size, isEmpty',
      `#set($m = $input.path('$.nested.a'))#foreach($k in $m.keySet())$k=$m.get($k)#end #foreach($e in $m.entrySet())$e.key#end $m.containsKey('b') $m.size() $m.isEmpty()`,
      'b=c b true 1 false',
    ],
    [
      'List get, contains, isEmpty, add',
      `#set($l = [])#set($d = $l.add("x"))$l.get(0) $l.contains("x") $l.isEmpty()`,
      'x true false',
    ],
    [
      'String.replaceAll takes a regular expression and Java replacement syntax',
      `#set($s = "a1b22c")$s.replaceAll("[0-9]+", "#")|$s.replaceAll("([a-z])", '$1$1')|$s.replaceAll("b", "\\$")`,
      'a#b#c|aa1bb22cc|a1$22c',
    ],
    ['String.replace is literal', '#set($s = "a.b.c")$s.replace(".", "-")', 'a-b-c'],
    [
      'String.matches matches the whole string',
      '#set($s = "123")$s.matches("[0-9]+") $s.matches("[0-9]")',
      'true false',
    ],
    ['String.split drops trailing empty strings', '#set($s = "a,b,,")$s.split(",").size()', '2'],
    [
      'String length, substring, indexOf, startsWith, endsWith, equals, equalsIgnoreCase, trim, case',
      '#set($s = " Ab ")$s.length() [$s.trim()] $s.substring(1, 2) $s.indexOf("b") $s.trim().startsWith("A") $s.endsWith(" ") $s.trim().equals("Ab") $s.trim().equalsIgnoreCase("aB") $s.toLowerCase()$s.toUpperCase()',
      '4 [Ab] A 2 true true true true  ab  AB ',
    ],
    ['## and #* *# comments', 'a## line\n#* block *#b', 'ab'],
    ['#{else} and #{end} before letters', '#if(false)x#{else}IN#{end}S', 'INS'],
  ];
  for (const [what, source, expected] of cases) {
    it(what, () => assert.equal(render(source), expected));
  }

  it('equals() compares by content and never between kinds, as Java does', () => {
    assert.equal(
      render(
        `#set($m = $input.path('$.nested'))$m.equals($input.path('$.nested')) $m.equals($input.path('$.list')[2]) $input.path('$.list').equals($input.path('$.list')) #set($s = "1")$s.equals("1") $s.equals(1)`,
      ),
      'true false true true false',
    );
  });

  it('a Java method on the wrong kind of value fails the render, naming both', () => {
    assert.throws(() => render(`#set($l = [1])$l.length()`), /length\(\) called on a list/);
    assert.throws(() => render(`#set($m = $input.path('$.nested'))$m.trim()`), /trim\(\) called on a map/);
  });
});

describe('templates refused when bound', () => {
  const refused: [string, string, RegExp][] = [
    ['a syntax error', '#if(', /not a valid Velocity template/],
    ['#include', '#include("other.vm")', /#include \(line 1\) is not emulated/],
    ['#parse', '#parse("other.vm")', /#parse \(line 1\) is not emulated/],
    ['#evaluate', '#evaluate("$x")', /#evaluate \(line 1\) is not emulated/],
    ['#macro', '#macro(m)x#end', /#macro \(line 1\) is not emulated/],
    ['#define', '#define($block)x#end', /#define \(line 1\) is not emulated/],
    ['#break', '#foreach($x in [1])#break#end', /#break \(line 1\) is not emulated/],
    ['an unknown variable', '$nope', /\$nope \(line 1\) is neither a variable API Gateway provides/],
    ['an unknown $util method', '$util.toJson($x)', /\$util has escapeJavaScript, .*, not toJson\(\)/],
    [
      'an unknown $input member',
      '$input.headers',
      /\$input has body, json\(path\), path\(path\) and params\(\[name\]\), not \.headers/,
    ],
    ['$input.json without its path', '$input.json()', /\$input\.json\(\) takes 1 arguments, not 0/],
    ['a JSONPath outside the subset', `$input.json('$..name')`, /JSONPath "\$\.\.name": "\.\.name" is not emulated/],
    ['a JSONPath filter', `$input.path('$.list[?(@.k)]')`, /is not emulated/],
    ['an unknown $context field', '$context.authorizer.claims', /\$context has no \.authorizer/],
    ['an unknown $context.identity field', '$context.identity.clientCert', /\$context has no \.clientCert/],
    [
      'setting another $context field',
      '#set($context.stage = "x")',
      /only \$context\.responseOverride\.<field> and \.header\.<name> can be set/,
    ],
    [
      'replacing responseOverride.header',
      '#set($context.responseOverride.header = "x")',
      /only \$context\.responseOverride\.<field> and \.header\.<name> can be set/,
    ],
    ['a member of $null', '$null.x', /\$null stands for null/],
    ['an unknown Java method', '#set($s = "x")$s.codePointAt(0)', /the method codePointAt\(\) is not emulated/],
    [
      'an unknown $foreach field',
      '#foreach($x in [1])$foreach.first#end',
      /\$foreach has hasNext, index, count, not \.first/,
    ],
    ['a reference inside a string', '#set($s = "$unknown")', /\$unknown \(line 1\) is neither/],
    [
      'text that looks like a directive',
      '#if(true)a#elseIN#end',
      /"#elseIN" is not a directive and would be output as text/,
    ],
  ];
  for (const [what, source, error] of refused) {
    it(`refuses ${what}`, () => assert.throws(() => compileTemplate(source), error));
  }
});
