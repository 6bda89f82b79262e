# The permissions boundary every role an apply role creates must carry: the most such a role may ever do, whatever
# its own policies say. The roles an environment creates serve its API (the function's execution role, API
# Gateway's integration roles): on its tables, the DynamoDB actions of every integration kind of the contract
# (each role's own policy narrows them to its kind's), its logs, its parameters, decrypting through its services
# and tracing.

data "aws_iam_policy_document" "boundary" {
  for_each = var.environments

  dynamic "statement" {
    for_each = length(local.contract_dynamodb_actions) > 0 ? [local.contract_dynamodb_actions] : []

    content {
      sid       = "ContractDynamoDBActions"
      actions   = statement.value
      resources = [local.scope[each.key].tables]
    }
  }

  statement {
    sid       = "OwnLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = [for group in local.scope[each.key].log_groups : "${group}:*"]
  }

  statement {
    sid       = "OwnParameters"
    actions   = ["ssm:GetParameter"]
    resources = [local.scope[each.key].parameters]
  }

  statement {
    sid       = "DecryptThroughServices"
    actions   = ["kms:Decrypt"]
    resources = [local.keys]
    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = concat(local.dynamodb_via_service, local.lambda_via_service, local.ssm_via_service)
    }
  }

  # X-Ray has no resource-level permissions.
  statement {
    sid       = "Tracing"
    actions   = ["xray:PutTelemetryRecords", "xray:PutTraceSegments"]
    resources = ["*"]
  }
}

resource "aws_iam_policy" "boundary" {
  for_each = var.environments

  name        = local.scope[each.key].boundary
  description = "Permissions boundary of every role the ${each.key} apply role creates"
  policy      = data.aws_iam_policy_document.boundary[each.key].json
  tags        = var.tags
}
