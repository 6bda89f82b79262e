data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

data "aws_region" "primary" {
  region = var.primary_region
}

locals {
  account_id     = data.aws_caller_identity.current.account_id
  partition      = data.aws_partition.current.partition
  dns_suffix     = data.aws_partition.current.dns_suffix
  primary_region = data.aws_region.primary.region
  all_regions    = concat([local.primary_region], sort(tolist(var.replica_regions)))

  # Administration only: none of these lets an administrator read data encrypted under the key.
  key_admin_actions = [
    "kms:CancelKeyDeletion",
    "kms:CreateAlias",
    "kms:DeleteAlias",
    "kms:DescribeKey",
    "kms:DisableKey",
    "kms:DisableKeyRotation",
    "kms:EnableKey",
    "kms:EnableKeyRotation",
    "kms:GetKeyPolicy",
    "kms:GetKeyRotationStatus",
    "kms:ListAliases",
    "kms:ListGrants",
    "kms:ListKeyPolicies",
    "kms:ListKeyRotations",
    "kms:ListResourceTags",
    "kms:PutKeyPolicy",
    "kms:ReplicateKey",
    "kms:RevokeGrant",
    "kms:RotateKeyOnDemand",
    "kms:ScheduleKeyDeletion",
    "kms:TagResource",
    "kms:UntagResource",
    "kms:UpdateAlias",
    "kms:UpdateKeyDescription",
    "kms:UpdatePrimaryRegion",
  ]

  # SSM names a SecureString's parameter ARN in the encryption context of every call it makes with the key.
  parameter_arn_patterns = flatten([
    for region in local.all_regions : [
      for pattern in var.ssm_parameter_name_patterns :
      "arn:${local.partition}:ssm:${region}:${local.account_id}:parameter${pattern}"
    ]
  ])

  log_group_arn_patterns = flatten([
    for region in local.all_regions : [
      for pattern in var.log_group_name_patterns :
      "arn:${local.partition}:logs:${region}:${local.account_id}:log-group:${pattern}"
    ]
  ])

  # Using the key through a service on behalf of this account's callers, per service (its endpoint's name): the
  # account principal delegates to IAM, so a caller still needs its own IAM permission, and the key is usable only
  # through that service's endpoint in a Region of the key (kms:ViaService), by a caller of this account
  # (kms:CallerAccount), and under the service's further conditions. A service not enabled gets no statement.
  use_through_services = {
    # What the table and its readers need.
    dynamodb = {
      sid     = "UseThroughDynamoDBForThisAccount"
      enabled = true
      actions = [
        "kms:CreateGrant",
        "kms:Decrypt",
        "kms:DescribeKey",
        "kms:Encrypt",
        "kms:GenerateDataKey",
        "kms:GenerateDataKeyWithoutPlaintext",
        "kms:ReEncryptFrom",
        "kms:ReEncryptTo",
      ]
      conditions = {}
    }

    # The function's environment variables.
    lambda = {
      sid        = "UseThroughLambdaForThisAccount"
      enabled    = var.allow_lambda_environment_encryption
      actions    = ["kms:CreateGrant", "kms:Decrypt", "kms:DescribeKey", "kms:Encrypt"]
      conditions = {}
    }

    # SSM Parameter Store encrypts (PutParameter) and decrypts (GetParameter WithDecryption) a standard-tier
    # SecureString with Encrypt and Decrypt on the caller's behalf ("How AWS Systems Manager Parameter Store uses AWS
    # KMS", AWS KMS Developer Guide), and only for the listed parameters: the encryption context names each one.
    ssm = {
      sid     = "UseThroughSSMForListedParameters"
      enabled = length(local.parameter_arn_patterns) > 0
      actions = ["kms:Decrypt", "kms:Encrypt"]
      conditions = {
        ArnLike = { "kms:EncryptionContext:PARAMETER_ARN" = local.parameter_arn_patterns }
      }
    }
  }
}

# One policy for the primary and every replica: each condition lists every Region, so a key in
# one Region only ever matches its own Region's service endpoint. Every key is created with it; then the caller
# manages each Region's key policy with an aws_kms_key_policy built from output policy_json (in items-api:
# lambda-api, which adds its API's execution log group, whose name needs the REST API id the key cannot wait for).
# Written as an object the keys jsonencode() rather than aws_iam_policy_document: it renders the same under a mocked
# provider (tests/, and the mocked authorization check, terraform/authorization/mocked.ts) as in a plan.
locals {
  account_principal = { AWS = ["arn:${local.partition}:iam::${local.account_id}:root"] }

  # The statements written out, by where they go in the policy (key_policy below puts them in order).
  key_policy_statements = {
    administration = [
      # AWS's default pattern for administration: the account principal delegates to IAM, so any principal the
      # account's IAM allows (an account administrator, a break-glass role) can manage the key and its policy.
      # Nobody is locked out when the listed administrators or the one CI role disappear, and the deployer always
      # passes KMS's lockout check. Only administration is delegated: using the key stays limited to the services.
      {
        Sid       = "AccountIAMAdministration"
        Effect    = "Allow"
        Action    = local.key_admin_actions
        Resource  = ["*"]
        Principal = local.account_principal
      },
      {
        Sid       = "KeyAdministration"
        Effect    = "Allow"
        Action    = local.key_admin_actions
        Resource  = ["*"] # in a key policy, "*" is this key
        Principal = { AWS = var.key_administrator_arns }
      },
    ]

    # DynamoDB checks the key's state itself (not on behalf of a caller) to report table accessibility.
    dynamodb_describe = [{
      Sid       = "DynamoDBDescribeKey"
      Effect    = "Allow"
      Action    = ["kms:DescribeKey"]
      Resource  = ["*"]
      Principal = { Service = ["dynamodb.${local.dns_suffix}"] }
      Condition = { StringEquals = { "aws:SourceAccount" = [local.account_id] } }
    }]

    # None without listed log groups.
    logs = [{
      Sid    = "CloudWatchLogsForListedLogGroups"
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
      Principal = { Service = [for region in local.all_regions : "logs.${region}.${local.dns_suffix}"] }
      Condition = { ArnLike = { "kms:EncryptionContext:aws:logs:arn" = local.log_group_arn_patterns } }
    }]

    alarms = [{
      Sid       = "CloudWatchAlarmsToEncryptedTopics"
      Effect    = "Allow"
      Action    = ["kms:Decrypt", "kms:GenerateDataKey"]
      Resource  = ["*"]
      Principal = { Service = ["cloudwatch.${local.dns_suffix}"] }
      Condition = { StringEquals = { "aws:SourceAccount" = [local.account_id] } }
    }]
  }

  key_policy = {
    Version = "2012-10-17"
    Statement = concat(
      local.key_policy_statements.administration,
      # Key use through DynamoDB, Lambda and SSM on this account's callers' behalf (local.use_through_services).
      [for service, use in local.use_through_services : {
        Sid       = use.sid
        Effect    = "Allow"
        Action    = use.actions
        Resource  = ["*"]
        Principal = local.account_principal
        Condition = merge({
          StringEquals = {
            "kms:CallerAccount" = [local.account_id]
            "kms:ViaService"    = [for region in local.all_regions : "${service}.${region}.${local.dns_suffix}"]
          }
        }, use.conditions)
      } if use.enabled],
      local.key_policy_statements.dynamodb_describe,
      [for statement in local.key_policy_statements.logs : statement if length(local.log_group_arn_patterns) > 0],
      [for statement in local.key_policy_statements.alarms : statement if var.allow_cloudwatch_alarm_notifications],
    )
  }
}

resource "aws_kms_key" "primary" {
  region = var.primary_region

  description              = var.description
  key_usage                = "ENCRYPT_DECRYPT"
  customer_master_key_spec = "SYMMETRIC_DEFAULT"
  multi_region             = true
  enable_key_rotation      = true
  rotation_period_in_days  = var.rotation_period_in_days
  deletion_window_in_days  = var.deletion_window_in_days
  policy                   = jsonencode(local.key_policy)
  tags                     = var.tags

  lifecycle {
    # The policy given here applies at creation only; afterwards the caller's aws_kms_key_policy in each Region
    # owns it (output policy_json plus what the caller adds), so two resources never fight over it.
    ignore_changes = [policy]

    precondition {
      condition     = !contains(tolist(var.replica_regions), local.primary_region)
      error_message = "replica_regions must not contain the primary Region (${local.primary_region})."
    }
  }
}

resource "aws_kms_alias" "primary" {
  region = var.primary_region

  name          = "alias/${var.alias_name}"
  target_key_id = aws_kms_key.primary.key_id
}

# Native replicas: no AWS CLI, no local-exec. Each replica carries the same policy and tags.
resource "aws_kms_replica_key" "this" {
  for_each = var.replica_regions

  region = each.key

  description             = var.description
  primary_key_arn         = aws_kms_key.primary.arn
  deletion_window_in_days = var.deletion_window_in_days
  policy                  = jsonencode(local.key_policy)
  tags                    = var.tags

  lifecycle {
    ignore_changes = [policy] # as for the primary
  }
}

resource "aws_kms_alias" "replica" {
  for_each = var.replica_regions

  region = each.key

  name          = "alias/${var.alias_name}"
  target_key_id = aws_kms_replica_key.this[each.key].key_id
}
