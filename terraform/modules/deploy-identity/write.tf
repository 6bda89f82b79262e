# What an apply changes, for the environment's apply role only: create, update, tag and delete its resources.
# Roles it creates must carry the environment's permissions boundary (boundary.tf), and only Lambda and API
# Gateway may be handed them.

data "aws_iam_policy_document" "write" {
  for_each = var.environments

  statement {
    sid       = "ApiGatewayWrite"
    actions   = ["apigateway:DELETE", "apigateway:PATCH", "apigateway:POST", "apigateway:PUT", "apigateway:SetWebACL", "apigateway:UpdateRestApiPolicy"]
    resources = local.api_gateway_resources
    condition {
      test     = "StringEquals"
      variable = "aws:RequestedRegion"
      values   = local.requested_regions
    }
  }

  statement {
    sid = "LambdaWrite"
    actions = [
      "lambda:AddPermission",
      "lambda:CreateFunction",
      "lambda:DeleteFunction",
      "lambda:DeleteFunctionConcurrency",
      "lambda:PutFunctionConcurrency",
      "lambda:PutFunctionRecursionConfig",
      "lambda:RemovePermission",
      "lambda:TagResource",
      "lambda:UntagResource",
      "lambda:UpdateFunctionCode",
      "lambda:UpdateFunctionConfiguration",
    ]
    resources = [local.scope[each.key].functions]
    condition {
      test     = "StringEquals"
      variable = "aws:RequestedRegion"
      values   = local.requested_regions
    }
  }

  # The table and its replicas (UpdateTable adds them). Replication itself runs under DynamoDB's service-linked role.
  statement {
    sid = "DynamoDBWrite"
    actions = [
      "dynamodb:DeleteTable",
      "dynamodb:DeleteTableReplica",
      "dynamodb:TagResource",
      "dynamodb:UntagResource",
      "dynamodb:UpdateContinuousBackups",
      "dynamodb:UpdateTable",
      "dynamodb:UpdateTimeToLive",
    ]
    resources = [local.scope[each.key].tables]
    condition {
      test     = "StringEquals"
      variable = "aws:RequestedRegion"
      values   = local.requested_regions
    }
  }

  # What DynamoDB then does as the caller in the destination Region of a new replica (local.replica_creation_actions).
  statement {
    sid       = "DynamoDBReplicaCreation"
    actions   = local.replica_creation_actions
    resources = [local.scope[each.key].tables]
    condition {
      test     = "StringEquals"
      variable = "aws:RequestedRegion"
      values   = local.requested_regions
    }
  }

  # A new key has no ARN before it exists, so creation cannot be scoped by resource (only to the listed Regions).
  statement {
    sid       = "KmsCreateKey"
    actions   = ["kms:CreateKey"]
    resources = ["*"]
    condition {
      test     = "StringEquals"
      variable = "aws:RequestedRegion"
      values   = local.requested_regions
    }
  }

  statement {
    sid = "KmsManageKeys"
    actions = [
      "kms:CancelKeyDeletion",
      "kms:EnableKeyRotation",
      "kms:PutKeyPolicy",
      "kms:ReplicateKey",
      "kms:ScheduleKeyDeletion",
      "kms:TagResource",
      "kms:UntagResource",
      "kms:UpdateKeyDescription",
      "kms:UpdatePrimaryRegion",
    ]
    resources = [local.keys]
    condition {
      test     = "StringEquals"
      variable = "aws:RequestedRegion"
      values   = local.requested_regions
    }
  }

  statement {
    sid       = "KmsAliases"
    actions   = ["kms:CreateAlias", "kms:DeleteAlias", "kms:UpdateAlias"]
    resources = [local.scope[each.key].aliases, local.keys]
    condition {
      test     = "StringEquals"
      variable = "aws:RequestedRegion"
      values   = local.requested_regions
    }
  }

  # DynamoDB (table encryption), Lambda (environment encryption) and SSM (the cursor signing key) use the key on
  # the deployer's behalf. The principal that chooses a table's customer managed key needs, through DynamoDB, the
  # actions "How Amazon DynamoDB uses AWS KMS" (AWS KMS Developer Guide) lists: ReEncrypt* and
  # GenerateDataKeyWithoutPlaintext beside the rest.
  statement {
    sid       = "KmsThroughServices"
    actions   = ["kms:CreateGrant", "kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:ReEncryptFrom", "kms:ReEncryptTo"]
    resources = [local.keys]
    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = concat(local.dynamodb_via_service, local.lambda_via_service, local.ssm_via_service)
    }
  }

  # `npm run cursor-key -- set` after an apply: the environment's parameters (Terraform does not own them).
  statement {
    sid       = "CursorKeyParameters"
    actions   = ["ssm:GetParameter", "ssm:PutParameter"]
    resources = [local.scope[each.key].parameters]
    condition {
      test     = "StringEquals"
      variable = "aws:RequestedRegion"
      values   = local.requested_regions
    }
  }

  statement {
    sid = "LogsWrite"
    actions = [
      "logs:AssociateKmsKey",
      "logs:CreateLogGroup",
      "logs:DeleteLogGroup",
      "logs:DeleteRetentionPolicy",
      "logs:DisassociateKmsKey",
      "logs:PutRetentionPolicy",
      "logs:TagLogGroup",
      "logs:TagResource",
      "logs:UntagLogGroup",
      "logs:UntagResource",
    ]
    resources = local.scope[each.key].log_groups
    condition {
      test     = "StringEquals"
      variable = "aws:RequestedRegion"
      values   = local.requested_regions
    }
  }

  # Roles and their inline policies only with the boundary attached: nothing created can exceed it.
  statement {
    sid       = "IamRolesWithBoundary"
    actions   = ["iam:CreateRole", "iam:DeleteRolePolicy", "iam:PutRolePermissionsBoundary", "iam:PutRolePolicy"]
    resources = [local.scope[each.key].roles]
    condition {
      test     = "StringEquals"
      variable = "iam:PermissionsBoundary"
      values   = [local.scope[each.key].boundary_arn]
    }
  }

  # The first replica of the account creates DynamoDB's replication role; that one service-linked role only.
  statement {
    sid       = "DynamoDBReplicationRole"
    actions   = ["iam:CreateServiceLinkedRole"]
    resources = ["arn:${local.partition}:iam::${local.account_id}:role/aws-service-role/replication.dynamodb.amazonaws.com/AWSServiceRoleForDynamoDBReplication"]
    condition {
      test     = "StringEquals"
      variable = "iam:AWSServiceName"
      values   = ["replication.dynamodb.amazonaws.com"]
    }
  }

  statement {
    sid = "IamRolesManage"
    actions = [
      "iam:DeleteRole",
      "iam:ListInstanceProfilesForRole",
      "iam:TagRole",
      "iam:UntagRole",
      "iam:UpdateAssumeRolePolicy",
      "iam:UpdateRole",
      "iam:UpdateRoleDescription",
    ]
    resources = [local.scope[each.key].roles]
  }

  statement {
    sid       = "IamPassRoles"
    actions   = ["iam:PassRole"]
    resources = [local.scope[each.key].roles]
    condition {
      test     = "StringEquals"
      variable = "iam:PassedToService"
      values   = ["apigateway.amazonaws.com", "lambda.amazonaws.com"]
    }
  }

  statement {
    sid       = "SnsWrite"
    actions   = ["sns:CreateTopic", "sns:DeleteTopic", "sns:SetTopicAttributes", "sns:TagResource", "sns:UntagResource"]
    resources = [local.scope[each.key].topics]
    condition {
      test     = "StringEquals"
      variable = "aws:RequestedRegion"
      values   = local.requested_regions
    }
  }

  statement {
    sid       = "CloudWatchWrite"
    actions   = ["cloudwatch:DeleteAlarms", "cloudwatch:PutMetricAlarm", "cloudwatch:TagResource", "cloudwatch:UntagResource"]
    resources = [local.scope[each.key].alarms]
    condition {
      test     = "StringEquals"
      variable = "aws:RequestedRegion"
      values   = local.requested_regions
    }
  }

  statement {
    sid       = "WafAssociate"
    actions   = ["wafv2:AssociateWebACL", "wafv2:DisassociateWebACL"]
    resources = [local.web_acls]
    condition {
      test     = "StringEquals"
      variable = "aws:RequestedRegion"
      values   = local.requested_regions
    }
  }
}

resource "aws_iam_policy" "write" {
  for_each = var.environments

  name        = "${var.role_name_prefix}-${each.key}-write"
  description = "Change what the ${each.key} root manages (${each.value.resource_name}*), for its apply role"
  policy      = data.aws_iam_policy_document.write[each.key].json
  tags        = var.tags
}
