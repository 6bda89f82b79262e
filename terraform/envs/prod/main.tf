# prod: active-active. Every Region gets its own API and Lambda, each reading and writing its local
# replica of the global table; alarms on; deletion protection on.

locals {
  primary_region  = var.regions[0]
  replica_regions = slice(var.regions, 1, length(var.regions))

  repo_root         = "${path.root}/../../.."
  openapi_body_path = "${local.repo_root}/openapi/generated/apigateway-body.json"
  handler_zip_path  = "${local.repo_root}/packages/handler/dist/handler.zip"

  tags = merge(
    {
      Project     = "items-api"
      Environment = "prod"
      ManagedBy   = "terraform"
    },
    var.tags,
  )

  # The lambda-api module's log group names (see its main.tf) in every Region.
  log_group_name_patterns = [
    "/aws/lambda/${var.name}",
    "/aws/apigateway/${var.name}/*",
    "API-Gateway-Execution-Logs_*/${var.stage_name}",
  ]
}

module "kms" {
  source = "../../modules/kms-multiregion"

  alias_name                           = var.name
  primary_region                       = local.primary_region
  replica_regions                      = toset(local.replica_regions)
  deletion_window_in_days              = 30
  key_administrator_arns               = var.key_administrator_arns
  log_group_name_patterns              = local.log_group_name_patterns
  allow_cloudwatch_alarm_notifications = true
  tags                                 = local.tags
}

module "table" {
  source = "../../modules/global-table"

  name        = var.name
  region      = local.primary_region
  kms_key_arn = module.kms.primary_key_arn
  replicas = {
    for region in local.replica_regions : region => { kms_key_arn = module.kms.replica_key_arns[region] }
  }
  deletion_protection_enabled           = true
  point_in_time_recovery_period_in_days = 35
  tags                                  = local.tags
}

# Alarm notifications: one topic per Region (CloudWatch alarms notify topics in their own Region),
# encrypted with that Region's key. Subscribe your on-call tooling to them.
resource "aws_sns_topic" "alarms" {
  for_each = toset(var.regions)

  region = each.key

  name              = "${var.name}-alarms"
  display_name      = "${var.name} alarms (${each.key})"
  kms_master_key_id = module.kms.key_arns_by_region[each.key]
  tags              = local.tags
}

module "api_gateway_cloudwatch_role" {
  source = "../../modules/apigateway-cloudwatch-role"
  count  = var.manage_api_gateway_account ? 1 : 0

  name = "${var.name}-apigateway-cloudwatch"
  # Account-wide setting: any API Gateway log group of the account, not only this environment's.
  log_group_name_patterns = ["/aws/apigateway/*", "API-Gateway-Execution-Logs_*"]
  tags                    = local.tags
}

module "api" {
  source   = "../../modules/lambda-api"
  for_each = toset(var.regions)

  name              = var.name
  region            = each.key
  stage_name        = var.stage_name
  openapi_body_path = local.openapi_body_path
  handler_zip_path  = local.handler_zip_path
  table_name        = module.table.name
  table_arn         = module.table.arns_by_region[each.key]
  kms_key_arn       = module.kms.key_arns_by_region[each.key]

  memory_size                    = var.memory_size
  timeout                        = var.timeout
  reserved_concurrent_executions = var.reserved_concurrent_executions
  log_level                      = "INFO"
  cursor_signing_key             = var.cursor_signing_key
  log_retention_in_days          = 365
  throttling_rate_limit          = var.throttling_rate_limit
  throttling_burst_limit         = var.throttling_burst_limit

  manage_api_gateway_account      = var.manage_api_gateway_account
  api_gateway_cloudwatch_role_arn = var.manage_api_gateway_account ? module.api_gateway_cloudwatch_role[0].role_arn : null

  create_alarms       = true
  alarm_sns_topic_arn = aws_sns_topic.alarms[each.key].arn

  tags = local.tags
}
