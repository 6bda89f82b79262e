# What every API Gateway stage of the account needs once per account and Region, applied by the bootstrap root
# (envs/bootstrap) and never by an environment: API Gateway takes its logging role from the account settings of
# each Region (`aws_api_gateway_account`, a singleton), so two environments managing it overwrite each other and
# destroying one leaves the Region without it.

module "account_baseline_names" {
  source = "../account-baseline-names"
}

module "cloudwatch_role" {
  source = "../apigateway-cloudwatch-role"

  name = var.role_name
  # Account-wide setting: any API Gateway log group of the account, not only one environment's.
  log_group_name_patterns = ["/aws/apigateway/*", "API-Gateway-Execution-Logs_*"]
  tags                    = var.tags
}

# UpdateAccount writes a welcome line here; created first, it is bounded in time instead of kept forever.
resource "aws_cloudwatch_log_group" "welcome" {
  # checkov:skip=CKV_AWS_158:API Gateway writes only its one-line welcome message here (no request data); a KMS key per Region for it would cost more than it protects.
  for_each = var.regions

  region = each.key

  name              = "/aws/apigateway/welcome"
  retention_in_days = var.log_retention_in_days
  tags              = var.tags
}

resource "aws_api_gateway_account" "this" {
  for_each = var.regions

  region = each.key

  cloudwatch_role_arn = module.cloudwatch_role.role_arn

  depends_on = [aws_cloudwatch_log_group.welcome]
}

# What the environments read (lambda-api's precondition): proof that this Region's setting was made.
resource "aws_ssm_parameter" "cloudwatch_role" {
  # checkov:skip=CKV2_AWS_34:The value is a role ARN, not a secret; a String parameter can be read without a KMS grant.
  for_each = var.regions

  region = each.key

  name        = module.account_baseline_names.apigateway_cloudwatch_role_parameter
  description = "ARN of the role set in this Region's API Gateway account settings (account baseline)"
  type        = "String"
  value       = aws_api_gateway_account.this[each.key].cloudwatch_role_arn
  tags        = var.tags
}
