# dev: one API Region and one replica Region, small settings, deletion protection off.

locals {
  repo_root         = "${path.root}/../../.."
  openapi_body_path = "${local.repo_root}/openapi/generated/apigateway-body.json"
  handler_zip_path  = "${local.repo_root}/packages/handler/dist/handler.zip"

  tags = merge(
    {
      Project     = "items-api"
      Environment = "dev"
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

  alias_name              = var.name
  primary_region          = var.primary_region
  replica_regions         = [var.replica_region]
  deletion_window_in_days = 7
  key_administrator_arns  = var.key_administrator_arns
  log_group_name_patterns = local.log_group_name_patterns
  tags                    = local.tags
}

module "table" {
  source = "../../modules/global-table"

  name        = var.name
  region      = var.primary_region
  kms_key_arn = module.kms.primary_key_arn
  replicas = {
    (var.replica_region) = { kms_key_arn = module.kms.replica_key_arns[var.replica_region] }
  }
  deletion_protection_enabled           = false
  point_in_time_recovery_period_in_days = 7
  tags                                  = local.tags
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
  source = "../../modules/lambda-api"

  name              = var.name
  region            = var.primary_region
  stage_name        = var.stage_name
  openapi_body_path = local.openapi_body_path
  handler_zip_path  = local.handler_zip_path
  table_name        = module.table.name
  table_arn         = module.table.arn
  kms_key_arn       = module.kms.primary_key_arn

  memory_size                    = 256
  timeout                        = 10
  reserved_concurrent_executions = var.reserved_concurrent_executions
  log_level                      = var.log_level
  cursor_signing_key             = var.cursor_signing_key
  log_retention_in_days          = 14
  throttling_rate_limit          = 20
  throttling_burst_limit         = 40

  manage_api_gateway_account      = var.manage_api_gateway_account
  api_gateway_cloudwatch_role_arn = var.manage_api_gateway_account ? module.api_gateway_cloudwatch_role[0].role_arn : null
  create_alarms                   = false

  tags = local.tags
}
