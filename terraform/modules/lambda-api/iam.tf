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
  permissions_boundary = var.permissions_boundary_arn
  tags                 = var.tags
}

data "aws_iam_policy_document" "lambda" {
  # Exactly the DynamoDB actions the contract's Lambda-served operations need, on this Region's replica only
  # (none, and no statement, when every table operation is served by another integration).
  dynamic "statement" {
    for_each = length(local.dynamodb_actions) > 0 ? [local.dynamodb_actions] : []

    content {
      sid       = "ItemsTableInThisRegion"
      actions   = statement.value
      resources = [var.table_arn] # the table has no secondary index
    }
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

  # The cursor signing key: this one parameter, and its decryption only for it (SSM puts the parameter's ARN in
  # the encryption context of every SecureString it encrypts or decrypts).
  statement {
    sid       = "ReadCursorSigningKey"
    actions   = ["ssm:GetParameter"]
    resources = [local.cursor_key_parameter_arn]
  }

  statement {
    sid       = "DecryptCursorSigningKey"
    actions   = ["kms:Decrypt"]
    resources = [var.kms_key_arn]

    condition {
      test     = "StringEquals"
      variable = "kms:EncryptionContext:PARAMETER_ARN"
      values   = [local.cursor_key_parameter_arn]
    }

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["ssm.${local.region}.${local.dns_suffix}"]
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
