output "api_urls" {
  description = "Invoke URL of the stage in every Region (put a latency-based or failover DNS name in front of them)."
  value       = { for region, api in module.api : region => api.invoke_url }
}

output "rest_api_ids" {
  description = "ID of the REST API in every Region."
  value       = { for region, api in module.api : region => api.rest_api_id }
}

output "function_names" {
  description = "Name of the Lambda function in every Region."
  value       = { for region, api in module.api : region => api.function_name }
}

output "log_group_names" {
  description = "Log groups (lambda, access, execution) in every Region."
  value       = { for region, api in module.api : region => api.log_group_names }
}

output "alarm_topic_arns" {
  description = "SNS topic receiving the alarms, in every Region."
  value       = { for region, topic in aws_sns_topic.alarms : region => topic.arn }
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
