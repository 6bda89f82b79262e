# dev: the items-api composition with small, throwaway settings. One Region by default; list two in `regions`
# for the same active-active shape as prod.
module "items_api" {
  source = "../../modules/items-api"

  environment                    = "dev"
  name                           = var.name
  regions                        = var.regions
  table_names                    = var.table_names
  stage_name                     = var.stage_name
  api_clients                    = var.api_clients
  log_level                      = var.log_level
  reserved_concurrent_executions = var.reserved_concurrent_executions
  key_administrator_arns         = var.key_administrator_arns
  permissions_boundary_arn       = var.permissions_boundary_arn
  tags                           = var.tags

  log_retention_in_days       = 14
  throttling_rate_limit       = 20
  throttling_burst_limit      = 40
  key_deletion_window_in_days = 7
  deletion_protection_enabled = false
  create_alarms               = false
}
