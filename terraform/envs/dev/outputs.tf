output "api_url" {
  description = "Invoke URL of the dev stage (the e2e tests' base URL)."
  value       = module.api.invoke_url
}

output "rest_api_id" {
  description = "ID of the REST API."
  value       = module.api.rest_api_id
}

output "function_name" {
  description = "Name of the Lambda function."
  value       = module.api.function_name
}

output "log_group_names" {
  description = "Log groups of the API (lambda, access, execution)."
  value       = module.api.log_group_names
}

output "table_name" {
  description = "Name of the DynamoDB global table."
  value       = module.table.name
}

output "table_arns_by_region" {
  description = "ARN of the table in every Region."
  value       = module.table.arns_by_region
}

output "kms_key_arns_by_region" {
  description = "ARN of the customer managed key in every Region."
  value       = module.kms.key_arns_by_region
}
