output "oidc_provider_arn" {
  description = "ARN of the IAM OIDC provider for GitHub Actions' tokens (created here, or the one passed in)."
  value       = local.provider_id
}

output "plan_role_arns" {
  description = "Per GitHub environment: the plan role's ARN, the `AWS_PLAN_ROLE_ARN` variable of that environment."
  value       = { for env, role in aws_iam_role.plan : env => role.arn }
}

output "apply_role_arns" {
  description = "Per GitHub environment: the apply role's ARN, the `AWS_APPLY_ROLE_ARN` variable of that environment."
  value       = { for env, role in aws_iam_role.apply : env => role.arn }
}

output "permissions_boundary_arns" {
  description = "Per GitHub environment: the boundary every role its apply role creates must carry."
  value       = { for env, policy in aws_iam_policy.boundary : env => policy.arn }
}
