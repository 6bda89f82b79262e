output "api_url" {
  description = "Invoke URL of the stage in the primary Region (the e2e tests' `ITEMS_API_BASE_URL`)."
  value       = module.items_api.api_url
}

output "api_urls" {
  description = "Invoke URL of the stage in every Region."
  value       = module.items_api.api_urls
}

output "rest_api_ids" {
  description = "ID of the REST API in every Region."
  value       = module.items_api.rest_api_ids
}

output "function_names" {
  description = "Name of the Lambda function in every Region."
  value       = module.items_api.function_names
}

output "log_group_names" {
  description = "Log groups (lambda, access, execution) in every Region."
  value       = module.items_api.log_group_names
}

output "alarm_topic_arns" {
  description = "SNS topic receiving the alarms, in every Region (empty without alarms)."
  value       = module.items_api.alarm_topic_arns
}

output "table_names" {
  description = "Name of each resource's DynamoDB global table, by resource."
  value       = module.items_api.table_names
}

output "table_arns_by_region" {
  description = "ARN of each resource's table in every Region (Region to resource to ARN)."
  value       = module.items_api.table_arns_by_region
}

output "kms_key_arns_by_region" {
  description = "ARN of the customer managed key in every Region."
  value       = module.items_api.kms_key_arns_by_region
}

output "cursor_signing_key_parameters" {
  description = "The SSM parameter holding the cursor signing key, and its KMS key, in every Region: what `npm run cursor-key` reads (no key in it)."
  value       = module.items_api.cursor_signing_key_parameters
}

output "auth" {
  description = "The token issuer (Cognito user pool in the primary Region): user_pool_id, user_pool_arn, issuer_url, token_endpoint and client_ids. No secret: `npm run stage-env` reads it at run time."
  value       = module.items_api.auth
}

output "api_key_ids" {
  description = "ID of every client's API key in every Region (no key value: `npm run stage-env` reads it at run time)."
  value       = module.items_api.api_key_ids
}

output "usage_plan_ids" {
  description = "ID of every contract usage plan in every Region."
  value       = module.items_api.usage_plan_ids
}
