# The permissions boundary every role an apply role creates must carry: the most such a role may ever do, whatever
# its own policies say. The roles an environment creates serve its API (the function's execution role, API
# Gateway's integration roles): on its tables, the DynamoDB actions of every integration kind of the contract
# (each role's own policy narrows them to its kind's), its logs, its parameters, decrypting through its services
# and tracing.

locals {
  boundary_grants = { for env, own in local.scope : env => merge(
    # None without an integration kind that uses DynamoDB (rather than a statement granting nothing).
    length(local.contract_dynamodb_actions) > 0 ? {
      ContractDynamoDBActions = {
        actions    = local.contract_dynamodb_actions
        resources  = [own.tables]
        conditions = {}
      }
    } : {},
    {
      OwnLogs = {
        actions    = ["logs:CreateLogStream", "logs:PutLogEvents"]
        resources  = [for group in own.log_groups : "${group}:*"]
        conditions = {}
      }

      OwnParameters = {
        actions    = ["ssm:GetParameter"]
        resources  = [own.parameters]
        conditions = {}
      }

      DecryptThroughServices = {
        actions    = ["kms:Decrypt"]
        resources  = [local.keys]
        conditions = { "kms:ViaService" = local.kms_via_services }
      }

      # X-Ray has no resource-level permissions.
      Tracing = {
        actions    = ["xray:PutTelemetryRecords", "xray:PutTraceSegments"]
        resources  = ["*"]
        conditions = {}
      }
    },
  ) }
}

resource "aws_iam_policy" "boundary" {
  for_each = var.environments

  name        = local.scope[each.key].boundary
  description = "Permissions boundary of every role the ${each.key} apply role creates"
  policy      = jsonencode(local.policy_documents["${each.key}/boundary"])
  tags        = var.tags
}
