locals {
  # The generated body's only template expression is $${lambda_invoke_arn} (a test in openapi/ guarantees it).
  body = templatefile(var.openapi_body_path, { lambda_invoke_arn = aws_lambda_function.this.invoke_arn })
}

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
