# The Items API in a set of Regions: a multi-Region KMS key, a DynamoDB global table per resource of the contract,
# keyed as it says, and one lambda-api (Lambda + REST API) per Region on that Region's replica and key. The first Region holds the
# primaries. Every environment is this module with its own values.

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

locals {
  repo_root = "${path.module}/../../.."
  # Generated from openapi/openapi.yaml by `npx nx run openapi:generate` (committed, drift-checked).
  openapi_body_path   = "${local.repo_root}/openapi/generated/apigateway-body.json"
  infrastructure_path = "${local.repo_root}/openapi/generated/infrastructure.json"
  handler_zip_path    = "${local.repo_root}/packages/handler/dist/handler.zip"
  infrastructure      = jsondecode(file(local.infrastructure_path))

  name            = coalesce(var.name, "${local.infrastructure.apiName}-${var.environment}")
  primary_region  = var.regions[0]
  replica_regions = slice(var.regions, 1, length(var.regions))

  # One table per resource the contract declares (tables in infrastructure.json), named <name>-<resource> unless
  # table_names names it (an existing deployment keeps its table so: see the README's upgrade notes).
  table_names = {
    for resource, _ in local.infrastructure.tables : resource => lookup(var.table_names, resource, "${local.name}-${resource}")
  }

  # Each Region's table (or replica) ARN per resource, built rather than read from the tables: the tables depend on
  # the APIs instead (module.table's depends_on), so a destroy reaches the deletion-protected tables first and stops
  # there, before any API or function is deleted.
  table_arns_by_region = {
    for region in var.regions : region => {
      for resource, name in local.table_names :
      resource => "arn:${data.aws_partition.current.partition}:dynamodb:${region}:${data.aws_caller_identity.current.account_id}:table/${name}"
    }
  }

  # Each client's scope entries as contract scopes: `*` is every scope, `*:<action>` every scope ending in `:<action>`.
  contract_scopes = keys(local.infrastructure.access.scopes)
  scopes_matching = {
    for entry in distinct(flatten([for client in var.api_clients : client.scopes])) : entry => (
      entry == "*" ? local.contract_scopes :
      startswith(entry, "*:") ? [for scope in local.contract_scopes : scope if endswith(scope, substr(entry, 1, -1))] :
      [for scope in local.contract_scopes : scope if scope == entry]
    )
  }
  client_scopes = {
    for name, client in var.api_clients : name => sort(distinct(flatten([for entry in client.scopes : local.scopes_matching[entry]])))
  }

  tags = merge(
    {
      Project     = local.infrastructure.apiName
      Environment = var.environment
      ManagedBy   = "terraform"
    },
    var.tags,
  )

  # What lambda-api names its log groups (logging.tf there); the output log_group_names fails if they drift apart.
  # Not the execution log groups: they are named after the REST API's id, so each lambda-api adds its own, exactly,
  # to its Region's key policy (kms_key_policy_json below).
  # What lambda-api names its SSM parameters (cursor-key.tf there: "/<name>/cursor-signing-key"); the key lets SSM
  # encrypt and decrypt those alone. The output cursor_signing_key_parameters fails if they drift apart.
  parameter_name_pattern = "/${local.name}/*"

  log_group_name_patterns = [
    "/aws/lambda/${local.name}",
    "/aws/apigateway/${local.name}/*",
  ]
}

module "kms" {
  source = "../kms-multiregion"

  alias_name                           = local.name
  primary_region                       = local.primary_region
  replica_regions                      = toset(local.replica_regions)
  deletion_window_in_days              = var.key_deletion_window_in_days
  key_administrator_arns               = var.key_administrator_arns
  log_group_name_patterns              = local.log_group_name_patterns
  ssm_parameter_name_patterns          = [local.parameter_name_pattern]
  allow_cloudwatch_alarm_notifications = var.create_alarms
  tags                                 = local.tags
}

module "table" {
  source   = "../global-table"
  for_each = local.infrastructure.tables

  name          = local.table_names[each.key]
  region        = local.primary_region
  partition_key = each.value.partitionKey
  sort_key      = try(each.value.sortKey, null)
  kms_key_arn   = module.kms.primary_key_arn
  replicas = {
    for region in local.replica_regions : region => { kms_key_arn = module.kms.replica_key_arns[region] }
  }
  deletion_protection_enabled           = var.deletion_protection_enabled
  point_in_time_recovery_period_in_days = var.point_in_time_recovery_period_in_days
  tags                                  = local.tags

  # Destroyed before the APIs (see local.table_arns_by_region): with deletion protection on, a destroy fails here
  # while every API and function still serves.
  depends_on = [module.api]
}

# The one table before the contract declared resources: it is the items resource's.
moved {
  from = module.table
  to   = module.table["items"]
}

# The one token issuer every Region's authorizer trusts (cognito-auth's README: "Two Regions, one issuer"): in the
# primary Region, its resource server and scopes as the contract declares them (access in infrastructure.json).
module "auth" {
  source = "../cognito-auth"

  name   = local.name
  region = local.primary_region
  # Unique per Region across all accounts: the name and this account.
  domain_prefix              = lower("${local.name}-${data.aws_caller_identity.current.account_id}")
  resource_server_identifier = local.infrastructure.access.resourceServer
  scopes                     = local.infrastructure.access.scopes
  machine_clients = {
    for name, client in var.api_clients : name => {
      scopes                        = local.client_scopes[name]
      access_token_validity_minutes = client.access_token_validity_minutes
    }
  }
  deletion_protection = var.deletion_protection_enabled
  tags                = local.tags
}

module "api" {
  source   = "../lambda-api"
  for_each = toset(var.regions)

  name                = local.name
  region              = each.key
  stage_name          = var.stage_name
  openapi_body_path   = local.openapi_body_path
  infrastructure_path = local.infrastructure_path
  handler_zip_path    = local.handler_zip_path
  tables = {
    for resource, name in local.table_names : resource => { name = name, arn = local.table_arns_by_region[each.key][resource] }
  }
  kms_key_arn         = module.kms.key_arns_by_region[each.key]
  kms_key_policy_json = module.kms.policy_json

  cognito_user_pool_arn = module.auth.user_pool_arn
  api_keys              = { for name, client in var.api_clients : name => client.usage_plan }

  permissions_boundary_arn = var.permissions_boundary_arn

  memory_size                    = var.memory_size
  timeout                        = var.timeout
  reserved_concurrent_executions = var.reserved_concurrent_executions
  log_level                      = var.log_level
  log_retention_in_days          = var.log_retention_in_days
  throttling_rate_limit          = var.throttling_rate_limit
  throttling_burst_limit         = var.throttling_burst_limit

  create_alarms       = var.create_alarms
  alarm_sns_topic_arn = var.create_alarms ? aws_sns_topic.alarms[each.key].arn : null

  tags = local.tags
}
