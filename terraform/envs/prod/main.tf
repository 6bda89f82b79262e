# prod: the items-api composition active-active in every Region of `regions`, with alarms and deletion protection
# (the composition's defaults).
module "items_api" {
  source = "../../modules/items-api"

  environment                    = "prod"
  name                           = var.name
  regions                        = var.regions
  table_names                    = var.table_names
  stage_name                     = var.stage_name
  api_clients                    = var.api_clients
  memory_size                    = var.memory_size
  timeout                        = var.timeout
  reserved_concurrent_executions = var.reserved_concurrent_executions
  throttling_rate_limit          = var.throttling_rate_limit
  throttling_burst_limit         = var.throttling_burst_limit
  key_administrator_arns         = var.key_administrator_arns
  permissions_boundary_arn       = var.permissions_boundary_arn
  tags                           = var.tags

  deletion_protection_enabled = var.deletion_protection_enabled # true unless tearing prod down (README: Teardown)
}
