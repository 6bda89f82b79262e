output "name" {
  description = "Base name of the resources."
  value       = local.name
}

output "primary_region" {
  description = "Region of the tables' and the key's primaries (the first of `regions`)."
  value       = local.primary_region
}

output "api_url" {
  description = "Invoke URL of the stage in the primary Region (what the e2e tests take as `ITEMS_API_BASE_URL`)."
  value       = module.api[local.primary_region].invoke_url
}

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
  description = "Log groups (`lambda`, `access`, `execution`) in every Region."
  value       = { for region, api in module.api : region => api.log_group_names }

  # The key policy lets CloudWatch Logs use the key only for local.log_group_name_patterns (and, added by
  # lambda-api itself, its execution log group): the other log groups lambda-api creates must match one, or they
  # could not be encrypted.
  precondition {
    condition = alltrue(flatten([
      for api in module.api : [
        for group in [api.log_group_names.lambda, api.log_group_names.access] : anytrue([
          for pattern in local.log_group_name_patterns : can(regex("^${replace(pattern, "*", ".*")}$", group))
        ])
      ]
    ]))
    error_message = "A lambda-api log group does not match the KMS key policy's log group patterns (local.log_group_name_patterns)."
  }
}

output "alarm_topic_arns" {
  description = "SNS topic receiving the alarms, in every Region (empty when `create_alarms` is false)."
  value       = { for region, topic in aws_sns_topic.alarms : region => topic.arn }
}

output "table_names" {
  description = "Name of each resource's DynamoDB global table (the same in every Region), by resource."
  value       = { for resource, table in module.table : resource => table.name }

  # Checked here, not in the variable: a name from table_names may collide with another resource's default name.
  precondition {
    condition     = length(distinct(values(local.table_names))) == length(local.table_names)
    error_message = "Two resources would share a table (${jsonencode(local.table_names)}): give each its own name in table_names."
  }
}

output "table_arns_by_region" {
  description = "ARN of each resource's table or its replica in every Region (Region to resource to ARN)."
  value = {
    for region in var.regions : region => { for resource, table in module.table : resource => table.arns_by_region[region] }
  }
}

output "kms_key_arns_by_region" {
  description = "ARN of the customer managed key in every Region."
  value       = module.kms.key_arns_by_region
}

output "cursor_signing_key_parameters" {
  description = "The SSM SecureString parameter holding the cursor signing key (`name`, `arn`, `kms_key_arn`) in every Region; `npm run cursor-key` writes the same key to each, so a cursor from one Region works in another."
  value       = { for region, api in module.api : region => api.cursor_signing_key_parameter }

  precondition {
    condition     = alltrue([for api in module.api : startswith(api.cursor_signing_key_parameter.name, trimsuffix(local.parameter_name_pattern, "*"))])
    error_message = "lambda-api's cursor signing key parameter is no longer under ${local.parameter_name_pattern}, which the KMS key lets SSM use: update local.parameter_name_pattern."
  }
}

output "auth" {
  description = "The token issuer every Region trusts (a Cognito user pool in the primary Region): `user_pool_id`, `user_pool_arn`, `issuer_url`, `token_endpoint` and `client_ids` (client name to app client ID). No secret: `npm run stage-env` reads one at run time."
  value = {
    user_pool_id   = module.auth.user_pool_id
    user_pool_arn  = module.auth.user_pool_arn
    issuer_url     = module.auth.issuer_url
    token_endpoint = module.auth.token_endpoint
    client_ids     = module.auth.client_ids
  }
}

output "api_key_ids" {
  description = "ID of every client's API key, in every Region (Region to client name to ID). No key value: `npm run stage-env` reads it at run time."
  value       = { for region, api in module.api : region => api.api_key_ids }
}

output "usage_plan_ids" {
  description = "ID of every contract usage plan, in every Region (Region to plan name to ID)."
  value       = { for region, api in module.api : region => api.usage_plan_ids }
}
