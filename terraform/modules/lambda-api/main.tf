data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

data "aws_region" "this" {
  region = var.region
}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  dns_suffix = data.aws_partition.current.dns_suffix
  region     = data.aws_region.this.region

  # Exactly the DynamoDB calls the handler makes (packages/handler/src/table.ts exports the same list;
  # terraform/test/hcl.test.ts fails if they differ).
  dynamodb_actions = [
    "dynamodb:DeleteItem",
    "dynamodb:GetItem",
    "dynamodb:PutItem",
    "dynamodb:Scan",
    "dynamodb:UpdateItem",
  ]

  # The generated body's only template expression is $${lambda_invoke_arn} (a test in openapi/ guarantees it).
  body = templatefile(var.openapi_body_path, { lambda_invoke_arn = aws_lambda_function.this.invoke_arn })

  lambda_log_group_name    = "/aws/lambda/${var.name}"
  access_log_group_name    = "/aws/apigateway/${var.name}/${var.stage_name}/access"
  execution_log_group_name = "API-Gateway-Execution-Logs_${aws_api_gateway_rest_api.this.id}/${var.stage_name}"

  environment = merge(
    {
      TABLE_NAME              = var.table_name
      POWERTOOLS_SERVICE_NAME = "items-api"
      LOG_LEVEL               = var.log_level
      NODE_OPTIONS            = "--enable-source-maps"
    },
    var.cursor_signing_key == null ? {} : { CURSOR_SIGNING_KEY = var.cursor_signing_key },
  )

  # One JSON object per request; field names are what dashboards and Logs Insights queries rely on.
  access_log_format = jsonencode({
    requestId          = "$context.requestId"
    extendedRequestId  = "$context.extendedRequestId"
    requestTime        = "$context.requestTime"
    ip                 = "$context.identity.sourceIp"
    userAgent          = "$context.identity.userAgent"
    method             = "$context.httpMethod"
    path               = "$context.path"
    resourcePath       = "$context.resourcePath"
    protocol           = "$context.protocol"
    status             = "$context.status"
    responseLength     = "$context.responseLength"
    latency            = "$context.responseLatency"
    integrationLatency = "$context.integrationLatency"
    integrationStatus  = "$context.integration.status"
    errorMessage       = "$context.error.message"
    errorType          = "$context.error.responseType"
    xrayTraceId        = "$context.xrayTraceId"
  })
}

# --- Lambda ----------------------------------------------------------------------------------------

data "aws_iam_policy_document" "assume_lambda" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["lambda.${local.dns_suffix}"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

resource "aws_iam_role" "lambda" {
  name                 = "${var.name}-lambda-${local.region}"
  description          = "Execution role of the ${var.name} handler in ${local.region}"
  assume_role_policy   = data.aws_iam_policy_document.assume_lambda.json
  max_session_duration = 3600
  tags                 = var.tags
}

data "aws_iam_policy_document" "lambda" {
  statement {
    sid     = "ItemsTableInThisRegion"
    actions = local.dynamodb_actions
    resources = [
      var.table_arn,
      "${var.table_arn}/index/*",
    ]
  }

  # DynamoDB decrypts the table key on the caller's behalf; Lambda decrypts the environment.
  statement {
    sid       = "DecryptThroughDynamoDBAndLambda"
    actions   = ["kms:Decrypt"]
    resources = [var.kms_key_arn]

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values = [
        "dynamodb.${local.region}.${local.dns_suffix}",
        "lambda.${local.region}.${local.dns_suffix}",
      ]
    }
  }

  statement {
    sid     = "WriteOwnLogs"
    actions = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = [
      aws_cloudwatch_log_group.lambda.arn,
      "${aws_cloudwatch_log_group.lambda.arn}:log-stream:*",
    ]
  }

  # X-Ray has no resource-level permissions for these two actions.
  statement {
    sid       = "XRayTraces"
    actions   = ["xray:PutTelemetryRecords", "xray:PutTraceSegments"]
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "lambda" {
  name   = "least-privilege"
  role   = aws_iam_role.lambda.id
  policy = data.aws_iam_policy_document.lambda.json
}

resource "aws_cloudwatch_log_group" "lambda" {
  region = var.region

  name              = local.lambda_log_group_name
  retention_in_days = var.log_retention_in_days
  kms_key_id        = var.kms_key_arn
  tags              = var.tags
}

resource "aws_lambda_function" "this" {
  # checkov:skip=CKV_AWS_116:API Gateway invokes the function synchronously and gets the error back; a DLQ only receives failed asynchronous invocations, of which there are none.
  # checkov:skip=CKV_AWS_117:The function reaches only DynamoDB, KMS, X-Ray and CloudWatch public endpoints over TLS with IAM auth; a VPC would add NAT/endpoint cost and cold-start latency without reducing exposure.
  # checkov:skip=CKV_AWS_272:Code signing is available through var.code_signing_config_arn; it needs an AWS Signer profile and a signed-artifact pipeline that each deployer must set up, so it cannot be on by default.
  region = var.region

  function_name    = var.name
  description      = "Items API handler (${local.region})"
  role             = aws_iam_role.lambda.arn
  filename         = var.handler_zip_path
  source_code_hash = filebase64sha256(var.handler_zip_path)
  handler          = "index.handler"
  runtime          = "nodejs22.x"
  architectures    = ["arm64"]
  memory_size      = var.memory_size
  timeout          = var.timeout
  kms_key_arn      = var.kms_key_arn

  reserved_concurrent_executions = var.reserved_concurrent_executions
  code_signing_config_arn        = var.code_signing_config_arn

  environment {
    variables = local.environment
  }

  tracing_config {
    mode = "Active"
  }

  logging_config {
    log_format = "JSON"
    log_group  = aws_cloudwatch_log_group.lambda.name
  }

  tags = var.tags

  # The role's permissions must exist before the first invocation, not just the role.
  depends_on = [aws_iam_role_policy.lambda]
}

# --- API Gateway -----------------------------------------------------------------------------------

resource "aws_api_gateway_rest_api" "this" {
  region = var.region

  name              = var.name
  description       = "Items API (${local.region}), imported from openapi/generated/apigateway-body.json"
  body              = local.body
  put_rest_api_mode = "overwrite" # routes removed from the contract disappear from the API

  endpoint_configuration {
    types = ["REGIONAL"]
  }

  tags = var.tags

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_api_gateway_deployment" "this" {
  region = var.region

  rest_api_id = aws_api_gateway_rest_api.this.id
  description = "Body sha256 ${sha256(aws_api_gateway_rest_api.this.body)}"

  # A new deployment exactly when the imported body changes (contract or invoke ARN), never on every apply.
  triggers = {
    body_sha256 = sha256(aws_api_gateway_rest_api.this.body)
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_cloudwatch_log_group" "access" {
  region = var.region

  name              = local.access_log_group_name
  retention_in_days = var.log_retention_in_days
  kms_key_id        = var.kms_key_arn
  tags              = var.tags
}

# Created here, before the stage, so API Gateway does not create it itself unencrypted and kept forever.
resource "aws_cloudwatch_log_group" "execution" {
  region = var.region

  name              = local.execution_log_group_name
  retention_in_days = var.log_retention_in_days
  kms_key_id        = var.kms_key_arn
  tags              = var.tags
}

# A plain bool decides whether it exists: the role ARN is usually unknown until the role is created, and an
# unknown count fails the first plan.
resource "aws_api_gateway_account" "this" {
  count = var.manage_api_gateway_account ? 1 : 0

  region = var.region

  cloudwatch_role_arn = var.api_gateway_cloudwatch_role_arn

  lifecycle {
    precondition {
      condition     = var.api_gateway_cloudwatch_role_arn != null
      error_message = "manage_api_gateway_account = true needs api_gateway_cloudwatch_role_arn (see the apigateway-cloudwatch-role module)."
    }
  }
}

resource "aws_api_gateway_stage" "this" {
  # checkov:skip=CKV_AWS_120:No response cache on purpose: items change on every write and clients revalidate with ETag/If-None-Match; a stage cache would serve stale items and bills per hour.
  # checkov:skip=CKV2_AWS_51:Client certificates let an HTTP backend authenticate API Gateway; the only backend here is Lambda (aws_proxy), which API Gateway invokes with IAM, scoped by aws_lambda_permission.
  # checkov:skip=CKV2_AWS_29:WAF is opt-in through var.web_acl_arn (aws_wafv2_web_acl_association below): a web ACL costs per month and its rules are the deployer's policy; stage throttling protects the API by default.
  # checkov:skip=CKV2_AWS_77:The web ACL (when var.web_acl_arn is set) is the deployer's, not this module's: its managed rule groups are chosen there. The handler is Node.js, so Log4j is not in the request path.
  region = var.region

  rest_api_id          = aws_api_gateway_rest_api.this.id
  deployment_id        = aws_api_gateway_deployment.this.id
  stage_name           = var.stage_name
  description          = "Items API ${var.stage_name} (${local.region})"
  xray_tracing_enabled = true

  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.access.arn
    format          = local.access_log_format
  }

  tags = var.tags

  depends_on = [
    aws_api_gateway_account.this,
    aws_cloudwatch_log_group.execution,
  ]
}

resource "aws_api_gateway_method_settings" "all" {
  # checkov:skip=CKV_AWS_225:No response cache on purpose (see the stage): items change on every write and clients revalidate with ETags.
  region = var.region

  rest_api_id = aws_api_gateway_rest_api.this.id
  stage_name  = aws_api_gateway_stage.this.stage_name
  method_path = "*/*"

  settings {
    metrics_enabled        = true
    logging_level          = "ERROR"
    data_trace_enabled     = false # full request/response logging would copy item bodies into the logs
    throttling_rate_limit  = var.throttling_rate_limit
    throttling_burst_limit = var.throttling_burst_limit
    caching_enabled        = false
    cache_data_encrypted   = true
  }
}

resource "aws_wafv2_web_acl_association" "stage" {
  count = var.web_acl_arn == null ? 0 : 1

  region = var.region

  resource_arn = aws_api_gateway_stage.this.arn
  web_acl_arn  = var.web_acl_arn
}

resource "aws_lambda_permission" "api_gateway" {
  region = var.region

  statement_id  = "AllowInvokeFromApiGatewayStage"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.this.function_name
  principal     = "apigateway.${local.dns_suffix}"
  # Only this API's stage (any method, any resource path) may invoke the function.
  source_arn = "${aws_api_gateway_rest_api.this.execution_arn}/${aws_api_gateway_stage.this.stage_name}/*/*"
}

# --- Alarms ----------------------------------------------------------------------------------------

locals {
  alarm_actions = var.alarm_sns_topic_arn == null ? [] : [var.alarm_sns_topic_arn]
  alarms = var.create_alarms ? {
    api-5xx-rate = {
      description         = "More than ${var.alarm_5xx_rate_threshold_percent}% of requests to ${var.name}/${var.stage_name} ended in a 5XX."
      namespace           = "AWS/ApiGateway"
      metric_name         = "5XXError"
      statistic           = "Average" # 5XXError is 0 or 1 per request: its average is the error rate
      extended_statistic  = null
      threshold           = var.alarm_5xx_rate_threshold_percent / 100
      comparison_operator = "GreaterThanThreshold"
      dimensions          = { ApiName = aws_api_gateway_rest_api.this.name, Stage = aws_api_gateway_stage.this.stage_name }
    }
    api-p99-latency = {
      description         = "p99 latency of ${var.name}/${var.stage_name} is above ${var.alarm_p99_latency_threshold_ms} ms."
      namespace           = "AWS/ApiGateway"
      metric_name         = "Latency"
      statistic           = null
      extended_statistic  = "p99"
      threshold           = var.alarm_p99_latency_threshold_ms
      comparison_operator = "GreaterThanThreshold"
      dimensions          = { ApiName = aws_api_gateway_rest_api.this.name, Stage = aws_api_gateway_stage.this.stage_name }
    }
    lambda-errors = {
      description         = "The ${var.name} handler threw (unhandled errors, timeouts or crashes)."
      namespace           = "AWS/Lambda"
      metric_name         = "Errors"
      statistic           = "Sum"
      extended_statistic  = null
      threshold           = 0
      comparison_operator = "GreaterThanThreshold"
      dimensions          = { FunctionName = aws_lambda_function.this.function_name }
    }
    lambda-throttles = {
      description         = "Invocations of the ${var.name} handler were throttled (reserved concurrency or account quota reached)."
      namespace           = "AWS/Lambda"
      metric_name         = "Throttles"
      statistic           = "Sum"
      extended_statistic  = null
      threshold           = 0
      comparison_operator = "GreaterThanThreshold"
      dimensions          = { FunctionName = aws_lambda_function.this.function_name }
    }
  } : {}
}

resource "aws_cloudwatch_metric_alarm" "this" {
  for_each = local.alarms

  region = var.region

  alarm_name          = "${var.name}-${local.region}-${each.key}"
  alarm_description   = each.value.description
  namespace           = each.value.namespace
  metric_name         = each.value.metric_name
  statistic           = each.value.statistic
  extended_statistic  = each.value.extended_statistic
  dimensions          = each.value.dimensions
  period              = 60
  evaluation_periods  = var.alarm_evaluation_periods
  datapoints_to_alarm = var.alarm_evaluation_periods
  threshold           = each.value.threshold
  comparison_operator = each.value.comparison_operator
  treat_missing_data  = "notBreaching" # no traffic is not an outage
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
  tags                = var.tags
}
