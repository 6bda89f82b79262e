# What an apply changes, for the environment's apply role only: create, update, tag and delete its resources.
# Roles it creates must carry the environment's permissions boundary (boundary.tf), and only Lambda and API
# Gateway may be handed them.

locals {
  write_grants = { for env, own in local.scope : env => {
    ApiGatewayWrite = {
      actions    = ["apigateway:DELETE", "apigateway:PATCH", "apigateway:POST", "apigateway:PUT", "apigateway:SetWebACL"]
      resources  = local.api_gateway_resources
      conditions = local.in_regions
    }

    LambdaWrite = {
      actions = [
        "lambda:AddPermission",
        "lambda:CreateFunction",
        "lambda:DeleteFunction",
        "lambda:DeleteFunctionConcurrency",
        "lambda:PutFunctionConcurrency",
        "lambda:RemovePermission",
        "lambda:TagResource",
        "lambda:UntagResource",
        "lambda:UpdateFunctionCode",
        "lambda:UpdateFunctionConfiguration",
      ]
      resources  = [own.functions]
      conditions = local.in_regions
    }

    # The table and its replicas (UpdateTable adds them). Replication itself runs under DynamoDB's service-linked
    # role.
    DynamoDBWrite = {
      actions = [
        "dynamodb:DeleteTable",
        "dynamodb:DeleteTableReplica",
        "dynamodb:TagResource",
        "dynamodb:UntagResource",
        "dynamodb:UpdateContinuousBackups",
        "dynamodb:UpdateTable",
        "dynamodb:UpdateTimeToLive",
      ]
      resources  = [own.tables]
      conditions = local.in_regions
    }

    # What DynamoDB then does as the caller in the destination Region of a new replica (local.replica_creation_actions).
    DynamoDBReplicaCreation = {
      actions    = local.replica_creation_actions
      resources  = [own.tables]
      conditions = local.in_regions
    }

    # A new key has no ARN before it exists, so creation cannot be scoped by resource (only to the listed Regions).
    KmsCreateKey = {
      actions    = ["kms:CreateKey"]
      resources  = ["*"]
      conditions = local.in_regions
    }

    KmsManageKeys = {
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
      resources  = [local.keys]
      conditions = local.in_regions
    }

    KmsAliases = {
      actions    = ["kms:CreateAlias", "kms:DeleteAlias", "kms:UpdateAlias"]
      resources  = [own.aliases, local.keys]
      conditions = local.in_regions
    }

    # DynamoDB (table encryption), Lambda (environment encryption) and SSM (the cursor signing key) use the key on
    # the deployer's behalf. The principal that chooses a table's customer managed key needs, through DynamoDB, the
    # actions "How Amazon DynamoDB uses AWS KMS" (AWS KMS Developer Guide) lists: ReEncrypt* and
    # GenerateDataKeyWithoutPlaintext beside the rest. kms:ViaService names the Regions.
    KmsThroughServices = {
      actions    = ["kms:CreateGrant", "kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:ReEncryptFrom", "kms:ReEncryptTo"]
      resources  = [local.keys]
      conditions = { "kms:ViaService" = local.kms_via_services }
    }

    # `npm run cursor-key -- set` after an apply: the environment's parameters (Terraform does not own them).
    CursorKeyParameters = {
      actions    = ["ssm:GetParameter", "ssm:PutParameter"]
      resources  = [own.parameters]
      conditions = local.in_regions
    }

    LogsWrite = {
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
      resources  = own.log_groups
      conditions = local.in_regions
    }

    # Roles and their inline policies only with the boundary attached: nothing created can exceed it.
    IamRolesWithBoundary = {
      actions    = ["iam:CreateRole", "iam:DeleteRolePolicy", "iam:PutRolePermissionsBoundary", "iam:PutRolePolicy"]
      resources  = [own.roles]
      conditions = { "iam:PermissionsBoundary" = [own.boundary_arn] }
    }

    # The first replica of the account creates DynamoDB's replication role; that one service-linked role only.
    DynamoDBReplicationRole = {
      actions    = ["iam:CreateServiceLinkedRole"]
      resources  = ["arn:${local.partition}:iam::${local.account_id}:role/aws-service-role/replication.dynamodb.amazonaws.com/AWSServiceRoleForDynamoDBReplication"]
      conditions = { "iam:AWSServiceName" = ["replication.dynamodb.amazonaws.com"] }
    }

    IamRolesManage = {
      actions = [
        "iam:DeleteRole",
        "iam:ListInstanceProfilesForRole",
        "iam:TagRole",
        "iam:UntagRole",
        "iam:UpdateAssumeRolePolicy",
        "iam:UpdateRole",
        "iam:UpdateRoleDescription",
      ]
      resources  = [own.roles]
      conditions = {}
    }

    IamPassRoles = {
      actions    = ["iam:PassRole"]
      resources  = [own.roles]
      conditions = { "iam:PassedToService" = ["apigateway.amazonaws.com", "lambda.amazonaws.com"] }
    }

    SnsWrite = {
      actions    = ["sns:CreateTopic", "sns:DeleteTopic", "sns:SetTopicAttributes", "sns:TagResource", "sns:UntagResource"]
      resources  = [own.topics]
      conditions = local.in_regions
    }

    CloudWatchWrite = {
      actions    = ["cloudwatch:DeleteAlarms", "cloudwatch:PutMetricAlarm", "cloudwatch:TagResource", "cloudwatch:UntagResource"]
      resources  = [own.alarms]
      conditions = local.in_regions
    }

    WafAssociate = {
      actions    = ["wafv2:AssociateWebACL", "wafv2:DisassociateWebACL"]
      resources  = [local.web_acls]
      conditions = local.in_regions
    }
  } }
}

resource "aws_iam_policy" "write" {
  for_each = var.environments

  name        = "${var.role_name_prefix}-${each.key}-write"
  description = "Change what the ${each.key} root manages (${each.value.resource_name}*), for its apply role"
  policy      = jsonencode(local.policy_documents["${each.key}/write"])
  tags        = var.tags
}
