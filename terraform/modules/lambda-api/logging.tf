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

# Created here, before the stage, so API Gateway does not create it itself unencrypted and kept forever.
resource "aws_cloudwatch_log_group" "execution" {
  # checkov:skip=CKV_AWS_338:Retention is var.log_retention_in_days, 365 by default (prod); dev passes 14 on purpose for a throwaway stack.
  region = var.region

  name              = local.execution_log_group_name
  retention_in_days = var.log_retention_in_days
  kms_key_id        = var.kms_key_arn
  tags              = var.tags
}
