output "apigateway_cloudwatch_role_arn" {
  description = "ARN of the role set in every listed Region's API Gateway account settings."
  value       = module.cloudwatch_role.role_arn
}

output "regions" {
  description = "Regions whose API Gateway account settings this baseline manages."
  value       = sort(keys(aws_api_gateway_account.this))
}
