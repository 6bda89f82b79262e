locals {
  lambda_log_group_name = "/aws/lambda/${var.name}"
  access_log_group_name = "/aws/apigateway/${var.name}/${var.stage_name}/access"
  # API Gateway picks this name itself; creating it first keeps it encrypted and bounded in time.
  execution_log_group_name = "API-Gateway-Execution-Logs_${aws_api_gateway_rest_api.this.id}/${var.stage_name}"

  # One JSON object per request; field names are what dashboards and Logs Insights queries rely on.
  # $context.error.messageString is the error message as a quoted, escaped JSON string, so it is spliced in
  # without quotes of its own ($context.error.message, unescaped, could break the line with a quote).
  access_log_format = replace(jsonencode({
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
    errorMessage       = "@messageString@"
    errorType          = "$context.error.responseType"
    xrayTraceId        = "$context.xrayTraceId"
  }), "\"@messageString@\"", "$context.error.messageString")
}

resource "aws_cloudwatch_log_group" "lambda" {
  # checkov:skip=CKV_AWS_338:Retention is var.log_retention_in_days, 365 by default (prod); dev passes 14 on purpose for a throwaway stack.
  region = var.region

  name              = local.lambda_log_group_name
  retention_in_days = var.log_retention_in_days
  kms_key_id        = var.kms_key_arn
  tags              = var.tags
}

resource "aws_cloudwatch_log_group" "access" {
  # checkov:skip=CKV_AWS_338:Retention is var.log_retention_in_days, 365 by default (prod); dev passes 14 on purpose for a throwaway stack.
  region = var.region

  name              = local.access_log_group_name
  retention_in_days = var.log_retention_in_days
  kms_key_id        = var.kms_key_arn
  tags              = var.tags
}

# The key's policy, with this stage's execution log group named exactly: its name holds the REST API's id, which
# does not exist yet when the key is created (the key is created with var.kms_key_policy_json and ignores later
# changes to it, so only this resource writes the policy). No wildcard for the id: that would match every API in
# the account with the same stage name.
locals {
  execution_log_statement = {
    Sid    = "CloudWatchLogsForThisStagesExecutionLogs"
    Effect = "Allow"
    Action = [
      "kms:Decrypt",
      "kms:DescribeKey",
      "kms:Encrypt",
      "kms:GenerateDataKey",
      "kms:GenerateDataKeyWithoutPlaintext",
      "kms:ReEncryptFrom",
      "kms:ReEncryptTo",
    ]
    Resource  = ["*"]
    Principal = { Service = ["logs.${local.region}.${local.dns_suffix}"] }
    Condition = {
      ArnEquals = {
        "kms:EncryptionContext:aws:logs:arn" = ["arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:${local.execution_log_group_name}"]
      }
    }
  }
  # The key module's statements (but one of this Sid, which this statement replaces), then this one.
  kms_key_policy = {
    Version = "2012-10-17"
    Statement = concat(
      [for statement in jsondecode(var.kms_key_policy_json).Statement : statement if try(statement.Sid, "") != local.execution_log_statement.Sid],
      [local.execution_log_statement],
    )
  }
}

resource "aws_kms_key_policy" "this" {
  region = var.region

  key_id = regex("key/(.+)$", var.kms_key_arn)[0] # the key ID, as the provider reads it back (an ARN would show as a change on every plan)
  policy = jsonencode(local.kms_key_policy)
}

# Created here, before the stage, so API Gateway does not create it itself unencrypted and kept forever; after the
# key policy that lets CloudWatch Logs encrypt it (CreateLogGroup checks).
resource "aws_cloudwatch_log_group" "execution" {
  # checkov:skip=CKV_AWS_338:Retention is var.log_retention_in_days, 365 by default (prod); dev passes 14 on purpose for a throwaway stack.
  region = var.region

  name              = local.execution_log_group_name
  retention_in_days = var.log_retention_in_days
  kms_key_id        = var.kms_key_arn
  tags              = var.tags

  depends_on = [aws_kms_key_policy.this]
}
