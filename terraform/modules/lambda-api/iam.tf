# Policies are written as jsonencode() of their statements rather than aws_iam_policy_document: they render the
# same under a mocked provider (tests/, and the mocked authorization check, terraform/authorization/mocked.ts) as
# in a plan, so the documents a test sees are the ones applied.
locals {
  assume_lambda_policy = {
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = ["sts:AssumeRole"]
      Principal = { Service = ["lambda.${local.dns_suffix}"] }
      Condition = { StringEquals = { "aws:SourceAccount" = [local.account_id] } }
    }]
  }

  lambda_policy_statements = [
    # DynamoDB decrypts the table key on the caller's behalf; Lambda decrypts the environment.
    {
      Sid      = "DecryptThroughDynamoDBAndLambda"
      Effect   = "Allow"
      Action   = ["kms:Decrypt"]
      Resource = [var.kms_key_arn]
      Condition = {
        StringEquals = {
          "kms:ViaService" = [
            "dynamodb.${local.region}.${local.dns_suffix}",
            "lambda.${local.region}.${local.dns_suffix}",
          ]
        }
      }
    },
    # The cursor signing key: this one parameter, and its decryption only for it (SSM puts the parameter's ARN in
    # the encryption context of every SecureString it encrypts or decrypts).
    {
      Sid      = "ReadCursorSigningKey"
      Effect   = "Allow"
      Action   = ["ssm:GetParameter"]
      Resource = [local.cursor_key_parameter_arn]
    },
    {
      Sid      = "DecryptCursorSigningKey"
      Effect   = "Allow"
      Action   = ["kms:Decrypt"]
      Resource = [var.kms_key_arn]
      Condition = {
        StringEquals = {
          "kms:EncryptionContext:PARAMETER_ARN" = [local.cursor_key_parameter_arn]
          "kms:ViaService"                      = ["ssm.${local.region}.${local.dns_suffix}"]
        }
      }
    },
    {
      Sid    = "WriteOwnLogs"
      Effect = "Allow"
      Action = ["logs:CreateLogStream", "logs:PutLogEvents"]
      Resource = [
        aws_cloudwatch_log_group.lambda.arn,
        "${aws_cloudwatch_log_group.lambda.arn}:log-stream:*",
      ]
    },
    # X-Ray has no resource-level permissions for these two actions.
    {
      Sid      = "XRayTraces"
      Effect   = "Allow"
      Action   = ["xray:PutTelemetryRecords", "xray:PutTraceSegments"]
      Resource = ["*"]
    },
  ]
  lambda_policy = {
    Version = "2012-10-17"
    # First, per table, exactly the DynamoDB actions the contract's Lambda-served operations need on it, on this
    # Region's replica only (none for a table no such operation uses: main.tf's table_statements).
    Statement = concat(try(local.table_statements.lambda, []), local.lambda_policy_statements)
  }
}

resource "aws_iam_role" "lambda" {
  name                 = "${var.name}-lambda-${local.region}"
  description          = "Execution role of the ${var.name} handler in ${local.region}"
  assume_role_policy   = jsonencode(local.assume_lambda_policy)
  max_session_duration = 3600
  permissions_boundary = var.permissions_boundary_arn
  tags                 = var.tags
}

resource "aws_iam_role_policy" "lambda" {
  name   = "least-privilege"
  role   = aws_iam_role.lambda.id
  policy = jsonencode(local.lambda_policy)

  lifecycle {
    # This Region's replicas: a grant on another Region's would leave the function without access to its own.
    precondition {
      condition     = alltrue([for table in var.tables : split(":", table.arn)[3] == local.region])
      error_message = "Every ARN in tables must be of this Region's table or replica (${local.region})."
    }
  }
}
