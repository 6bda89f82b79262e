/**
 * Mapping templates with what API Gateway did with them, as recorded on AWS: each case is the template(s), the
 * request and the integration's answer of one aws-validated LocalStack test (repository localstack/localstack,
 * tests/aws/services/apigateway/), and what its snapshot (the `.snapshot.json` next to the test) recorded. Only
 * the recorded inputs and outputs are taken, as test data; the engine is this project's own.
 * vtl-parity.test.ts runs each through the local gateway: it must answer as AWS did, or be refused at startup.
 */

export interface RecordedSource {
  /** Under tests/aws/services/apigateway/ of localstack/localstack. */
  file: string;
  test: string;
  /** The snapshot entry: the key the test matched. */
  snapshot: string;
}

/** What the integration answers, given the request template's rendering (the payload as is without one). */
export type IntegrationDouble = (integrationRequest: string) => string;

export interface ParityCase {
  name: string;
  source: RecordedSource;
  /** The method request: a POST with Content-Type application/json unless `method` says otherwise. */
  request: { method?: 'GET' | 'POST'; body?: string; headers?: Record<string, string> };
  requestTemplate?: string;
  integration: IntegrationDouble;
  responseTemplate?: string;
  /** What AWS recorded; a field left out was not recorded. */
  expected: {
    /** What the integration received. */
    integrationRequest?: { text: string } | { json: unknown };
    status?: number;
    headers?: Record<string, string>;
    body?: { text: string } | { json: unknown };
  };
  /** Set when the local gateway refuses the case at startup: what its message names. */
  refused?: RegExp;
}

const common = 'test_apigateway_common.py';

/** The echo HTTP server of test_input_path_template_formatting answers `{"json": <the posted JSON>, ...}`. */
const echoServer =
  (posted: unknown): IntegrationDouble =>
  () =>
    JSON.stringify({ json: posted, url: 'https://echo.example/post' });

/** The Lambda function URL of test_input_body_formatting answers with the body it got. */
const echoFunction: IntegrationDouble = (received) => received;

/** A MOCK integration answers nothing: the response template's `$input.body` is `{}`, without one the body is empty. */
const mock: IntegrationDouble = () => '';

const inputPath = (
  snapshot: string,
  template: string,
  posted: unknown,
  body: string,
  request: ParityCase['request'] = { body: JSON.stringify(posted) },
): ParityCase => ({
  name: `$input.path formatting: ${snapshot}`,
  source: { file: common, test: 'test_input_path_template_formatting', snapshot },
  request,
  integration: echoServer(posted),
  responseTemplate: template,
  expected: { body: { text: body } },
});

const pathTemplate = '#set($result = $input.path("$.json"))$result';
const nestedTemplate = '#set($result = $input.path("$.json"))$result.nested';
const listTemplate = '#set($result = $input.path("$.json"))$result[0]';
const toStringTemplate = '#set($result = $input.path("$.json"))$result.toString()';
const nullChecks = (path: string) =>
  `#set($result = $input.path("${path}")){"body": $result, "nested": $result.nested, "isNull": #if( $result == $null )"true"#else"false"#end, "isEmptyString": #if( $result == "" )"true"#else"false"#end}`;

const inputPathCases: ParityCase[] = [
  inputPath('dict-response', pathTemplate, { foo: 'bar' }, '{foo=bar}'),
  inputPath('json-list', pathTemplate, [{ foo: 'bar' }], '[{"foo":"bar"}]'),
  inputPath('nested-dict', nestedTemplate, { nested: { foo: 'bar' } }, '{foo=bar}'),
  inputPath('nested-list', nestedTemplate, { nested: [{ foo: 'bar' }] }, '[{"foo":"bar"}]'),
  inputPath('dict-in-list', listTemplate, [{ foo: 'bar' }], '{foo=bar}'),
  inputPath('list-with-nested-list', listTemplate, [[{ foo: 'bar' }]], '[{"foo":"bar"}]'),
  inputPath('dict-with-nested-list', pathTemplate, { foo: [{ nested: 'bar' }] }, '{foo=[{"nested":"bar"}]}'),
  inputPath(
    'bigger-dict',
    pathTemplate,
    { bigger: 'dict', to: 'test', with: 'separators' },
    '{bigger=dict, to=test, with=separators}',
  ),
  inputPath('to-string', toStringTemplate, { foo: 'bar' }, '{foo=bar}'),
  inputPath('list-to-string', toStringTemplate, { list: [{ foo: 'bar' }] }, '{list=[{"foo":"bar"}]}'),
  inputPath(
    'empty-body',
    nullChecks('$.nonExisting'),
    null,
    '{"body": , "nested": , "isNull": "true", "isEmptyString": "true"}',
    {},
  ),
  inputPath(
    'nested-empty-list',
    nullChecks('$.json.listValue'),
    { listValue: [] },
    '{"body": [], "nested": , "isNull": "false", "isEmptyString": "false"}',
  ),
  inputPath(
    'nested-null-list',
    nullChecks('$.json.listValue'),
    { listValue: null },
    '{"body": , "nested": , "isNull": "true", "isEmptyString": "true"}',
  ),
];

/** test_input_body_formatting: each route's request and response templates, and three requests to each. */
const rawBody = '#set($result = $input.body)$result';
const bodyInString = 'Action=SendMessage&MessageBody=$input.body';
const bodyAttribute = '#set($result = $input.body.testAccess)$result';
const urlEncoded = 'EncodedBody=$util.urlEncode($input.body)&EncodedBodyAccess=$util.urlEncode($input.body.testAccess)';
const bodyRoutes: [route: string, request: string, response: string, recorded: [string, string, string]][] = [
  ['raw-body', rawBody, rawBody, ['{}', '{"some": "value"}', 'some raw data']],
  [
    'str-body-input',
    bodyInString,
    rawBody,
    [
      'Action=SendMessage&MessageBody={}',
      'Action=SendMessage&MessageBody={"some": "value"}',
      'Action=SendMessage&MessageBody=some raw data',
    ],
  ],
  [
    'str-body-output',
    rawBody,
    bodyInString,
    [
      'Action=SendMessage&MessageBody={}',
      'Action=SendMessage&MessageBody={"some": "value"}',
      'Action=SendMessage&MessageBody=some raw data',
    ],
  ],
  [
    'str-body-all',
    bodyInString,
    bodyInString,
    [
      'Action=SendMessage&MessageBody=Action=SendMessage&MessageBody={}',
      'Action=SendMessage&MessageBody=Action=SendMessage&MessageBody={"some": "value"}',
      'Action=SendMessage&MessageBody=Action=SendMessage&MessageBody=some raw data',
    ],
  ],
  ['body-attr-access', bodyAttribute, rawBody, ['{}', '{}', '{}']],
  [
    'url-encode',
    urlEncoded,
    rawBody,
    [
      'EncodedBody=%7B%7D&EncodedBodyAccess=',
      'EncodedBody=%7B%22some%22%3A+%22value%22%7D&EncodedBodyAccess=',
      'EncodedBody=some+raw+data&EncodedBodyAccess=',
    ],
  ],
];
// The three requests: no body, the JSON {"some": "value"} as Python's requests writes it, and text.
const bodyRequests: [name: string, body: string][] = [
  ['empty-body', ''],
  ['json-body', '{"some": "value"}'],
  ['str-body', 'some raw data'],
];
const inputBodyCases: ParityCase[] = bodyRoutes.flatMap(([route, requestTemplate, responseTemplate, recorded]) =>
  bodyRequests.map(([name, body], index) => ({
    name: `$input.body formatting: ${route}, ${name}`,
    source: { file: common, test: 'test_input_body_formatting', snapshot: `response-${route}.${name}` },
    request: { body },
    requestTemplate,
    integration: echoFunction,
    responseTemplate,
    expected: { body: { text: recorded[index] as string } },
  })),
);

/** tests/aws/files/request-template.vm and response-template.vm of test_lambda_aws_integration_response_with_mapping_templates. */
const lambdaRequestTemplate = `#set($allParams = $input.params())
#set($jsonBody = $input.json('$'))
#set($path = $allParams.get('path'))
#set($querystring = $allParams.get('querystring'))
#set($header = $allParams.get('header'))
#set($stage = $context.stage)
{
"apiContext": {
"apiId": "$context.apiId",
"method": "$context.httpMethod",
"sourceIp": "$context.identity.sourceIp",
"userAgent": "$context.identity.userAgent",
"path": "$context.path",
"protocol": "$context.protocol",
"requestId": "$context.requestId",
"stage": "$stage"
},
"path": {
"parameterMap": {
#foreach($paramName in $path.keySet())
"$paramName": "$util.escapeJavaScript($path.get($paramName))"#if($foreach.hasNext),#end
#end
}
},
"querystring": {
"parameterMap":{
#foreach($paramName in $querystring.keySet())
"$paramName": "$util.escapeJavaScript($querystring.get($paramName))"#if($foreach.hasNext),#end
#end
}
},
"header": {
"parameterMap": {
#foreach($paramName in $header.keySet())
"$paramName": "$util.escapeJavaScript($header.get($paramName))"#if($foreach.hasNext),#end
#end
}
},
"body": $jsonBody
}
`;
const lambdaResponseTemplate = `#set($inputRoot = $input.path('$'))
$input.json("$")
#if($inputRoot.toString().contains("customerror"))
    #set($context.responseOverride.status = 400)
#else
    #set($context.responseOverride.status = 202)
#end
`;
/** The test's function (lambda_mapping_responses.py): the event is the request template's rendering. */
const mappingResponsesFunction: IntegrationDouble = (event) => {
  const { body } = JSON.parse(event) as { body: { httpStatus: string } };
  return JSON.stringify({ statusCode: 200, body: Number(body.httpStatus) >= 400 ? 'customerror' : 'noerror' });
};
const lambdaRuns: [snapshot: string, posted: Record<string, string>, status: number, body: string][] = [
  ['response-template-202', { httpStatus: '200' }, 202, 'noerror'],
  ['response-template-400', { httpStatus: '400', errorMessage: 'Test Bad request' }, 400, 'customerror'],
];
const lambdaCases: ParityCase[] = lambdaRuns.map(([snapshot, posted, status, body]) => ({
  name: `a response template's override tests the map's toString(): ${snapshot}`,
  source: {
    file: 'test_apigateway_lambda.py',
    test: 'test_lambda_aws_integration_response_with_mapping_templates',
    snapshot,
  },
  request: { body: JSON.stringify(posted) },
  requestTemplate: lambdaRequestTemplate,
  integration: mappingResponsesFunction,
  responseTemplate: lambdaResponseTemplate,
  expected: { status, body: { json: { statusCode: 200, body } } },
}));

const integrations = 'test_apigateway_integrations.py';
const overrideRequestTemplate = `
#set($context.responseOverride.status = 444)
#set($context.responseOverride.header.foo = "bar")
#set($context.responseOverride.custom = "is also passed around")
{
  "statusCode": 200
}
`;
const overrideCases: ParityCase[] = [
  {
    name: "a request template's responseOverride, read back by the response template",
    source: {
      file: integrations,
      test: 'test_integration_mock_with_response_override_in_request_template[True]',
      snapshot: 'response',
    },
    request: { method: 'GET' },
    requestTemplate: overrideRequestTemplate,
    integration: mock,
    responseTemplate: `
#set($statusOverride = $context.responseOverride.status)
#set($fooHeader = $context.responseOverride.header.foo)
#set($custom = $context.responseOverride.custom)
{
    "statusOverride": "$statusOverride",
    "fooHeader": "$fooHeader",
    "custom": "$custom"
}
`,
    expected: {
      status: 444,
      headers: { foo: 'bar' },
      body: { json: { custom: 'is also passed around', fooHeader: 'bar', statusOverride: '444' } },
    },
  },
  {
    name: "a request template's responseOverride, without a response template",
    source: {
      file: integrations,
      test: 'test_integration_mock_with_response_override_in_request_template[False]',
      snapshot: 'response',
    },
    request: { method: 'GET' },
    requestTemplate: overrideRequestTemplate,
    integration: mock,
    expected: { status: 444, headers: { foo: 'bar' }, body: { text: '' } },
  },
  {
    name: '$context.requestOverride carried to the response template',
    source: {
      file: integrations,
      test: 'test_integration_mock_with_request_overrides_in_response_template',
      snapshot: 'invoke-path1',
    },
    request: { method: 'GET' },
    requestTemplate: `#set($body = $util.base64Decode($input.params('testPath')))
#set($context.requestOverride.path.body = $body)
{
  "statusCode": 200
}
`,
    integration: mock,
    expected: { body: { json: { response: 'path was path one' } } },
    refused: /#set\(\$context\.requestOverride\.path\.body\)/,
  },
  {
    name: '$context.requestOverride.querystring assigned by index and put()',
    source: { file: integrations, test: 'test_integration_mock_with_vtl_map_assignation', snapshot: 'response' },
    request: { method: 'GET' },
    requestTemplate: `
#set($paramName = "foo")
#set($context.requestOverride.querystring[$paramName] = "bar")
#set($paramPutName = "putfoo")
$context.requestOverride.querystring.put($paramPutName, "putBar")
#set($context["requestOverride"].querystring["nestedfoo"] = "nestedFoo")
{
  "statusCode": 200
}
`,
    integration: mock,
    expected: { body: { json: { value: 'bar', value2: 'putBar', value3: 'nestedFoo' } } },
    refused: /#set\(\$context\.requestOverride\./,
  },
];

const sqs = 'test_apigateway_sqs.py';
const sqsAnswer = JSON.stringify({
  SendMessageResponse: {
    ResponseMetadata: { RequestId: 'c0ffee00-0000-4000-8000-000000000001' },
    SendMessageResult: { MD5OfMessageBody: '', MessageId: 'c0ffee00-0000-4000-8000-000000000002' },
  },
});
const sqsCases: ParityCase[] = [
  {
    name: 'SQS SendMessage with $input.body',
    source: { file: sqs, test: 'test_sqs_aws_integration', snapshot: 'sqs-messages[0].Body' },
    request: { body: '{"foo": "bar"}' },
    requestTemplate: 'Action=SendMessage&MessageBody=$input.body',
    integration: () => sqsAnswer,
    responseTemplate: '{"message": "great success!"}',
    expected: {
      integrationRequest: { text: 'Action=SendMessage&MessageBody={"foo": "bar"}' },
      body: { json: { message: 'great success!' } },
    },
  },
  {
    // The message's MD5OfBody, 99914b932bd37a50b983c5e7c90ae93b, is the MD5 of "{}".
    name: 'SQS SendMessage with $input.body of no payload',
    source: { file: sqs, test: 'test_sqs_aws_integration', snapshot: 'sqs-messages[1].Body' },
    request: {},
    requestTemplate: 'Action=SendMessage&MessageBody=$input.body',
    integration: () => sqsAnswer,
    responseTemplate: '{"message": "great success!"}',
    expected: {
      integrationRequest: { text: 'Action=SendMessage&MessageBody={}' },
      body: { json: { message: 'great success!' } },
    },
  },
  {
    name: 'SQS message attribute from $input.params(header)',
    source: {
      file: sqs,
      test: 'test_sqs_aws_integration_with_message_attribute[MessageAttribute]',
      snapshot: 'sqs-message-attributes',
    },
    request: { body: '{"foo": "bar"}', headers: { HeaderFoo: 'BAR-Header' } },
    requestTemplate:
      "Action=SendMessage&MessageBody=$input.body&MessageAttribute.1.Name=user-agent&MessageAttribute.1.Value.DataType=String&MessageAttribute.1.Value.StringValue=$input.params('HeaderFoo')",
    integration: () => sqsAnswer,
    expected: {
      integrationRequest: {
        text: 'Action=SendMessage&MessageBody={"foo": "bar"}&MessageAttribute.1.Name=user-agent&MessageAttribute.1.Value.DataType=String&MessageAttribute.1.Value.StringValue=BAR-Header',
      },
    },
  },
  {
    // The recorded ids are anonymised: the answer here has its own, and the template must pick them from the map.
    name: "SQS answer's ids picked from a map",
    source: {
      file: sqs,
      test: 'test_sqs_request_and_response_xml_templates_integration',
      snapshot: 'sqs-json-response',
    },
    request: { body: '<xml>Hello World</xml>' },
    requestTemplate: 'Action=SendMessage&MessageBody=$input.body',
    integration: () => sqsAnswer,
    responseTemplate: `
            #set($responseBody = $input.path('$.SendMessageResponse'))
            #set($requestId = $input.path('$.SendMessageResponse.ResponseMetadata.RequestId'))
            #set($messageId = $responseBody.SendMessageResult.MessageId)
            {
            "requestId": "$requestId",
            "messageId": "$messageId"
            }
            `,
    expected: {
      body: {
        json: {
          messageId: 'c0ffee00-0000-4000-8000-000000000002',
          requestId: 'c0ffee00-0000-4000-8000-000000000001',
        },
      },
    },
  },
  {
    // The recorded template's first field; the rest lists $context.identity, requestOverride and authorizer alike.
    name: '$context.keySet()',
    source: { file: sqs, test: 'test_sqs_amz_json_protocol', snapshot: 'sqs-messages' },
    request: { body: '{"foo": "bar"}' },
    requestTemplate:
      '{"MessageBody": "{\\"context\\": {#foreach( $key in $context.keySet() )\\"$key\\": \\"$context.get($key)\\"#if($foreach.hasNext),#end#end}}"}',
    integration: () => '{}',
    expected: {},
    refused: /\$context has no keySet\(\)/,
  },
];

const kinesis = 'test_apigateway_kinesis.py';
const kinesisCases: ParityCase[] = [
  {
    name: 'Kinesis PutRecord with $util.base64Encode($input.body)',
    source: { file: kinesis, test: 'test_apigateway_to_kinesis[PutRecord]', snapshot: 'kinesis_records.Records[0]' },
    request: { body: '{"kinesis": "snapshot"}' },
    requestTemplate: `
{
    "StreamName": "kinesis-stream",
    "Data": "$util.base64Encode($input.body)",
    "PartitionKey": "test"
}`,
    integration: () => '{"SequenceNumber":"1","ShardId":"shardId-000000000000"}',
    expected: {
      integrationRequest: {
        json: {
          StreamName: 'kinesis-stream',
          Data: Buffer.from('{"kinesis": "snapshot"}').toString('base64'),
          PartitionKey: 'test',
        },
      },
    },
  },
  {
    // `$foo` is set nowhere: on AWS null (so `!= ''` is false and the key is the length), here refused.
    name: 'Kinesis PutRecords over [0..$maxIndex] with an unset variable',
    source: { file: kinesis, test: 'test_apigateway_to_kinesis[PutRecords]', snapshot: 'kinesis_records.Records' },
    request: {
      body: JSON.stringify({
        records: [{ data: '{"foo": "bar1"}' }, { data: '{"foo": "bar2"}' }, { data: '{"foo": "bar3"}' }],
      }),
    },
    requestTemplate: `{
    "StreamName": "kinesis-stream",
    "Records": [
        #set( $numRecords = $input.path('$.records').size() )
        #if($numRecords > 0)
            #set( $maxIndex = $numRecords - 1 )
            #foreach( $idx in [0..$maxIndex] )
                #set( $elem = $input.path("$.records[\${idx}]") )
                #set( $elemJsonB64 = $util.base64Encode($elem.data) )
                {
                    "Data": "$elemJsonB64",
                    "PartitionKey": #if( $foo.bar.stuff != '')"$elem.partitionKey"#else"$elemJsonB64.length()"#end
                }#if($foreach.hasNext),#end
            #end
        #end
    ]
}`,
    integration: () => '{}',
    expected: {},
    refused: /\$foo.* is neither a variable API Gateway provides/,
  },
];

export const parityCases: readonly ParityCase[] = [
  ...inputPathCases,
  ...inputBodyCases,
  ...lambdaCases,
  ...overrideCases,
  ...sqsCases,
  ...kinesisCases,
];
