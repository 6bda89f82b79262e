output "region" {
  description = "Region of this API."
  value       = local.region
}

output "invoke_url" {
  description = "Base URL of the stage (`https://<api-id>.execute-api.<region>.amazonaws.com/<stage>`), without a trailing slash."
  value       = aws_api_gateway_stage.this.invoke_url
}

output "rest_api_id" {
  description = "ID of the REST API."
  value       = aws_api_gateway_rest_api.this.id
}

output "rest_api_execution_arn" {
  description = "Execution ARN of the REST API (prefix of the ARNs API Gateway invokes with)."
  value       = aws_api_gateway_rest_api.this.execution_arn
}

output "stage_name" {
  description = "Name of the stage."
  value       = aws_api_gateway_stage.this.stage_name
}

output "function_name" {
  description = "Name of the Lambda function."
  value       = aws_lambda_function.this.function_name
}

output "function_arn" {
  description = "ARN of the Lambda function."
  value       = aws_lambda_function.this.arn
}

output "role_arn" {
  description = "ARN of the function's execution role."
  value       = aws_iam_role.lambda.arn
}

output "log_group_names" {
  description = "Log groups of this API: `lambda` (handler), `access` (stage access log, JSON) and `execution` (API Gateway errors)."
  value = {
    lambda    = aws_cloudwatch_log_group.lambda.name
    access    = aws_cloudwatch_log_group.access.name
    execution = aws_cloudwatch_log_group.execution.name
  }
}

output "alarm_arns" {
  description = "ARNs of the CloudWatch alarms, by alarm (empty when `create_alarms` is false)."
  value       = { for key, alarm in aws_cloudwatch_metric_alarm.this : key => alarm.arn }
}

output "cursor_signing_key_parameter" {
  description = "The SSM SecureString parameter the handler reads its cursor signing key from (`name`, `arn`) and the key that encrypts it (`kms_key_arn`). Terraform does not create it (the provider would read its value into the state): `npm run cursor-key -- set --env <env>` does."
  value = {
    name        = local.cursor_key_parameter_name
    arn         = local.cursor_key_parameter_arn
    kms_key_arn = var.kms_key_arn
  }
}

output "usage_plan_ids" {
  description = "ID of the usage plan of every contract plan (`access.usagePlans` of infrastructure.json), bound to this stage."
  value       = { for plan, usage_plan in aws_api_gateway_usage_plan.this : plan => usage_plan.id }
}

output "api_key_ids" {
  description = "ID of every client's API key in this Region (never the value: `npm run stage-env` reads it at run time with GetApiKey)."
  value       = { for client, key in aws_api_gateway_api_key.this : client => key.id }
}
