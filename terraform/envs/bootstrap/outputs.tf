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
