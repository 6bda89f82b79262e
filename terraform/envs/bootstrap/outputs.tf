output "state_bucket_name" {
  description = "The `bucket` for every environment's backend.hcl."
  value       = module.state_bucket.bucket_name
}

output "apigateway_cloudwatch_role_arn" {
  description = "The role set in the API Gateway account settings of every listed Region."
  value       = module.account_baseline.apigateway_cloudwatch_role_arn
}

output "account_baseline_regions" {
  description = "Regions whose API Gateway account settings are set; an environment's Regions must be among them."
  value       = module.account_baseline.regions
}

output "github_oidc_provider_arn" {
  description = "The IAM OIDC provider GitHub Actions' tokens are exchanged with (null without `github_repository`)."
  value       = try(module.deploy_identity[0].oidc_provider_arn, null)
}

output "github_plan_role_arns" {
  description = "Per GitHub environment: its plan role, set as the repository variable `AWS_<ENV>_PLAN_ROLE_ARN` (`AWS_DEV_PLAN_ROLE_ARN`, `AWS_PROD_PLAN_ROLE_ARN`): plans run outside the gated environments."
  value       = try(module.deploy_identity[0].plan_role_arns, {})
}

output "github_apply_role_arns" {
  description = "Per GitHub environment: its apply role, set as that GitHub environment's variable `AWS_APPLY_ROLE_ARN` (applies the saved plan)."
  value       = try(module.deploy_identity[0].apply_role_arns, {})
}

output "github_permissions_boundary_arns" {
  description = "Per GitHub environment: the permissions boundary every role its apply role creates must carry, set as the repository variable `AWS_<ENV>_PERMISSIONS_BOUNDARY_ARN` (the plans pass it to the root)."
  value       = try(module.deploy_identity[0].permissions_boundary_arns, {})
}

output "github_key_administrator_arns" {
  description = "Per GitHub environment: the administrators of its KMS keys (its apply role and `break_glass_role_arns`), set as the repository variable `AWS_<ENV>_KEY_ADMINISTRATOR_ARNS` (JSON list; the plans pass it as the root's `key_administrator_arns`)."
  value       = try(module.deploy_identity[0].key_administrator_arns, {})
}
