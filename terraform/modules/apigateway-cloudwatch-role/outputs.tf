output "role_arn" {
  description = "ARN of the role, set by the account-baseline module in every Region's API Gateway account settings."
  value       = aws_iam_role.this.arn
  # Hand the ARN out only once the role can actually write logs.
  depends_on = [aws_iam_role_policy.this]
}

output "role_name" {
  description = "Name of the role."
  value       = aws_iam_role.this.name
}
