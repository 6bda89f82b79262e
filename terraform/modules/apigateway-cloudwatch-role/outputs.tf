output "role_arn" {
  description = "ARN of the role, for the `api_gateway_cloudwatch_role_arn` input of lambda-api."
  value       = aws_iam_role.this.arn
  # Hand the ARN out only once the role can actually write logs.
  depends_on = [aws_iam_role_policy.this]
}

output "role_name" {
  description = "Name of the role."
  value       = aws_iam_role.this.name
}
