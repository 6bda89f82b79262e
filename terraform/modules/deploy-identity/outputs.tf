output "oidc_provider_arn" {
  description = "ARN of the IAM OIDC provider for GitHub Actions' tokens (created here, or the one passed in)."
  value       = local.provider_id
}

output "plan_role_arns" {
  description = "Per GitHub environment: the plan role's ARN (the deploy workflow reads dev's from the repository variable `AWS_DEV_PLAN_ROLE_ARN`, prod's from `AWS_PROD_PLAN_ROLE_ARN`)."
  value       = { for env, role in aws_iam_role.plan : env => role.arn }
}

output "apply_role_arns" {
  description = "Per GitHub environment: the apply role's ARN, that environment's variable `AWS_APPLY_ROLE_ARN`."
  value       = { for env, role in aws_iam_role.apply : env => role.arn }
}

output "permissions_boundary_arns" {
  description = "Per GitHub environment: the boundary every role its apply role creates must carry."
  value       = { for env, policy in aws_iam_policy.boundary : env => policy.arn }
}

output "key_administrator_arns" {
  description = "Per GitHub environment: who administers its KMS keys (the environment root's `key_administrator_arns`, the repository variable `AWS_<ENV>_KEY_ADMINISTRATOR_ARNS` the plans pass): its apply role and `break_glass_role_arns`, never its plan role."
  value       = { for env, role in aws_iam_role.apply : env => concat([role.arn], var.break_glass_role_arns) }
}
