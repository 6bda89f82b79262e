locals {
  environment = {
    # Resource to table name, every resource of the contract (the handler's config fails on a missing one).
    TABLE_NAMES             = jsonencode(local.table_names)
    POWERTOOLS_SERVICE_NAME = local.infrastructure.apiName
    LOG_LEVEL               = var.log_level
    NODE_OPTIONS            = "--enable-source-maps"
    # The parameter's name, never the key: the handler reads the value from SSM at init (cursor-key.tf).
    CURSOR_SIGNING_KEY_PARAMETER = local.cursor_key_parameter_name
  }
}

resource "aws_lambda_function" "this" {
  # checkov:skip=CKV_AWS_116:API Gateway invokes the function synchronously and gets the error back; a DLQ only receives failed asynchronous invocations, of which there are none.
  # checkov:skip=CKV_AWS_117:The function reaches only DynamoDB, SSM, KMS, X-Ray and CloudWatch public endpoints over TLS with IAM auth; a VPC would add NAT/endpoint cost and cold-start latency without reducing exposure.
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

  lifecycle {
    # The bound is the contract's (infrastructure.json), so it is checked here rather than in the variable.
    precondition {
      condition     = var.timeout * 1000 < local.integration_timeout_millis
      error_message = "timeout (${var.timeout} s) must stay below API Gateway's integration timeout of ${local.integration_timeout_millis} ms, or clients see a gateway 504 instead of the handler's own error."
    }
  }
}
