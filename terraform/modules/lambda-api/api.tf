locals {
  # The generated body's only template expressions are its integration kinds' variables (a test in openapi/
  # guarantees it): $${lambda_invoke_arn}, and the dynamodb kind's Region, table names (by resource) and execution role; and the
  # Cognito authorizer's user pool, $${cognito_user_pool_arn} (access.tf).
  # The ARN is built from the function's name rather than read from the function: the deployment's
  # create_before_destroy spreads to everything it depends on, and the API must not pull in the function, its
  # role, log group and key (a replaced function would collide with its own name). The tests compare the two.
  lambda_function_arn = "arn:${local.partition}:lambda:${local.region}:${local.account_id}:function:${var.name}"
  lambda_invoke_arn   = "arn:${local.partition}:apigateway:${local.region}:lambda:path/2015-03-31/functions/${local.lambda_function_arn}/invocations"
  # The dynamodb integration's variables (dynamodb-integration.tf) are filled whether or not an operation uses them.
  body = templatefile(var.openapi_body_path, {
    lambda_invoke_arn             = local.lambda_invoke_arn
    dynamodb_region               = local.region
    dynamodb_table_names          = local.table_names
    dynamodb_integration_role_arn = local.dynamodb_integration_role_arn
    cognito_user_pool_arn         = var.cognito_user_pool_arn
  })
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
    # Implied anyway by the deployment's (it spreads to dependencies); stated for readers and checkov.
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

# API Gateway's logging role is an account setting per Region, owned by the account baseline (envs/bootstrap),
# which publishes it in this parameter once set. There is no data source for the setting itself.
module "account_baseline_names" {
  source = "../account-baseline-names"
}

data "aws_ssm_parameter" "apigateway_cloudwatch_role" {
  region = var.region

  name = module.account_baseline_names.apigateway_cloudwatch_role_parameter
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

  # The direct DynamoDB operations answer with the role's permissions from the first request on.
  depends_on = [aws_cloudwatch_log_group.execution, aws_iam_role_policy.dynamodb_integration]

  lifecycle {
    # Without the account setting, API Gateway refuses the stage's logging ("CloudWatch Logs role ARN must be set").
    precondition {
      condition     = can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:role/", nonsensitive(data.aws_ssm_parameter.apigateway_cloudwatch_role.value)))
      error_message = "API Gateway's account settings in ${local.region} have no logging role: apply the account baseline (terraform/envs/bootstrap) with this Region in its regions first."
    }
  }
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
