variable "name" {
  description = "Base name of the function, the REST API, the log groups and the IAM role (for example `items-api-dev`)."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z][a-zA-Z0-9-]{2,39}$", var.name))
    error_message = "name must be 3-40 characters of letters, digits or '-', starting with a letter (it prefixes IAM role names, which are limited to 64)."
  }
}

variable "region" {
  description = "Region of this API (its Lambda, REST API, log groups and alarms). `null` uses the provider's Region."
  type        = string
  default     = null

  validation {
    condition     = var.region == null || can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", var.region))
    error_message = "region must be an AWS Region code such as 'eu-west-1', or null."
  }
}

variable "openapi_body_path" {
  description = "Path of the generated API Gateway body (`openapi/generated/apigateway-body.json`); its `$${lambda_invoke_arn}` placeholders become this Region's Lambda invoke ARN, and the dynamodb integration's `$${dynamodb_region}`, `$${dynamodb_table_names.<resource>}` and `$${dynamodb_integration_role_arn}` this Region, that resource's name in `tables` and API Gateway's execution role."
  type        = string

  validation {
    condition     = endswith(var.openapi_body_path, ".json")
    error_message = "openapi_body_path must point at the generated JSON body (openapi/generated/apigateway-body.json)."
  }
}

variable "infrastructure_path" {
  description = "Path of the contract's generated infrastructure facts (`openapi/generated/infrastructure.json`): its resources' tables (`tables`, which `tables` must match), the DynamoDB actions the Lambda-served operations need on each (`integrations.lambda.tables`, granted to the function's role) and those API Gateway's direct operations need (`integrations.dynamodb.tables`, granted to its execution role) and API Gateway's integration timeout (`integrationTimeoutMillis`, the bound of `timeout` and `alarm_p99_latency_threshold_ms`)."
  type        = string

  validation {
    condition     = endswith(var.infrastructure_path, ".json")
    error_message = "infrastructure_path must point at the generated JSON facts (openapi/generated/infrastructure.json)."
  }
}

variable "handler_zip_path" {
  description = "Path of the handler bundle built by `npx nx run handler:build` (`packages/handler/dist/handler.zip`)."
  type        = string

  validation {
    condition     = endswith(var.handler_zip_path, ".zip")
    error_message = "handler_zip_path must point at the handler's .zip bundle."
  }
}

variable "tables" {
  description = "Every resource's DynamoDB table (or its replica) in THIS Region, by resource name: exactly the contract's resources (`tables` in `infrastructure_path`), each with its `name` (the same in every Region) and its `arn` here. The handler gets the names as `TABLE_NAMES` (JSON, resource to name), the body's direct integrations `$${dynamodb_table_names.<resource>}`, and each role the actions the contract lists per table on that table's ARN only (no table has a secondary index)."
  type = map(object({
    name = string
    arn  = string
  }))
  nullable = false

  validation {
    condition     = toset(keys(var.tables)) == toset(keys(jsondecode(file(var.infrastructure_path)).tables))
    error_message = "tables must hold exactly the contract's resources (the keys of tables in infrastructure_path), each with its name and ARN."
  }

  validation {
    condition = alltrue([
      for table in var.tables :
      can(regex("^[a-zA-Z0-9_.-]{3,255}$", table.name)) && can(regex("^arn:aws[a-z-]*:dynamodb:[a-z0-9-]+:[0-9]{12}:table/[a-zA-Z0-9_.-]+$", table.arn)) && endswith(table.arn, ":table/${table.name}")
    ])
    error_message = "Every table needs a name of 3-255 letters, digits, '_', '-' or '.', and the ARN of that table (arn:aws:dynamodb:<region>:<account>:table/<name>)."
  }
}

variable "kms_key_arn" {
  description = "ARN of the customer managed key in THIS Region: it encrypts the log groups and the function's environment, and protects the table replica."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>), not an alias."
  }
}

variable "kms_key_policy_json" {
  description = "The policy of the key `kms_key_arn` names, as its module builds it (kms-multiregion's `policy_json`). This module keeps the key's policy (`aws_kms_key_policy`): this document plus a statement letting CloudWatch Logs encrypt this stage's execution log group, named after this REST API's id."
  type        = string

  validation {
    condition     = can(jsondecode(var.kms_key_policy_json).Statement)
    error_message = "kms_key_policy_json must be an IAM policy document (JSON with a Statement)."
  }
}

variable "cognito_user_pool_arn" {
  description = "ARN of the Cognito user pool whose access tokens the body's Cognito authorizer accepts (`$${cognito_user_pool_arn}` in the body): the one token issuer every Region trusts (items-api's cognito-auth, in the primary Region)."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:cognito-idp:[a-z]{2}(-[a-z]+)+-[0-9]:[0-9]{12}:userpool/[a-z]{2}(-[a-z]+)+-[0-9]_[0-9A-Za-z]+$", var.cognito_user_pool_arn))
    error_message = "cognito_user_pool_arn must be a Cognito user pool ARN (arn:aws:cognito-idp:<region>:<account>:userpool/<region>_<id>)."
  }
}

variable "api_keys" {
  description = "API keys to create in this Region: client name to the usage plan (a plan of the contract's `access.usagePlans` in `infrastructure_path`) its key belongs to. API Gateway generates each value; it is never an output."
  type        = map(string)
  default     = {}
  nullable    = false

  validation {
    condition     = alltrue([for name, _ in var.api_keys : can(regex("^[a-z][a-z0-9-]{0,31}$", name))])
    error_message = "api_keys names must be 1-32 lowercase letters, digits or '-', starting with a letter."
  }

  validation {
    condition     = alltrue([for plan in values(var.api_keys) : contains(keys(jsondecode(file(var.infrastructure_path)).access.usagePlans), plan)])
    error_message = "Every API key's usage plan must be one the contract declares (access.usagePlans in infrastructure_path)."
  }
}

variable "stage_name" {
  description = "Name of the API Gateway stage (the first path segment of the invoke URL)."
  type        = string
  default     = "v1"

  validation {
    condition     = can(regex("^[a-zA-Z0-9_-]{1,128}$", var.stage_name))
    error_message = "stage_name must be 1-128 characters of letters, digits, '_' or '-'."
  }
}

variable "memory_size" {
  description = "Memory of the function in MB (CPU scales with it)."
  type        = number
  default     = 256
  nullable    = false

  validation {
    condition     = var.memory_size >= 128 && var.memory_size <= 10240 && floor(var.memory_size) == var.memory_size
    error_message = "memory_size must be a whole number of MB from 128 to 10240."
  }
}

variable "timeout" {
  description = "Function timeout in seconds. Must stay below the contract's API Gateway integration timeout (`integrationTimeoutMillis` in `infrastructure_path`), or clients see a gateway 504 instead of the handler's own error."
  type        = number
  default     = 10
  nullable    = false

  validation {
    condition     = var.timeout >= 1 && floor(var.timeout) == var.timeout
    error_message = "timeout must be a whole number of seconds, at least 1."
  }
}

variable "reserved_concurrent_executions" {
  description = "Concurrency reserved for (and capping) the function; -1 (the default) leaves it unreserved. Reserving needs the Region's account quota (`ConcurrentExecutions`, 10 in new accounts, 1000 once raised) to keep 100 unreserved after it."
  type        = number
  default     = -1
  nullable    = false

  validation {
    condition     = var.reserved_concurrent_executions == -1 || (var.reserved_concurrent_executions >= 0 && floor(var.reserved_concurrent_executions) == var.reserved_concurrent_executions)
    error_message = "reserved_concurrent_executions must be -1 (unreserved) or a whole number >= 0."
  }
}

variable "code_signing_config_arn" {
  description = "ARN of an `aws_lambda_code_signing_config` the handler bundle must be signed for; `null` deploys unsigned code."
  type        = string
  default     = null

  validation {
    condition     = var.code_signing_config_arn == null || can(regex("^arn:aws[a-z-]*:lambda:[a-z0-9-]+:[0-9]{12}:code-signing-config:csc-[a-z0-9]{17}$", var.code_signing_config_arn))
    error_message = "code_signing_config_arn must be a Lambda code signing config ARN, or null."
  }
}

variable "web_acl_arn" {
  description = "ARN of a REGIONAL AWS WAFv2 web ACL (in this Region) to associate with the stage; `null` attaches none. It decides a count, so it must be known at plan time (a literal, a variable or a data source)."
  type        = string
  default     = null

  validation {
    condition     = var.web_acl_arn == null || can(regex("^arn:aws[a-z-]*:wafv2:[a-z0-9-]+:[0-9]{12}:regional/webacl/", var.web_acl_arn))
    error_message = "web_acl_arn must be the ARN of a REGIONAL WAFv2 web ACL, or null."
  }
}

variable "log_level" {
  description = "Handler log level (`LOG_LEVEL` for Powertools Logger)."
  type        = string
  default     = "INFO"
  nullable    = false

  validation {
    condition     = contains(["DEBUG", "INFO", "WARN", "ERROR"], var.log_level)
    error_message = "log_level must be one of DEBUG, INFO, WARN, ERROR."
  }
}

variable "log_retention_in_days" {
  description = "Retention of the function's and the API's log groups."
  type        = number
  default     = 365
  nullable    = false

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_in_days)
    error_message = "log_retention_in_days must be one of the values CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)."
  }
}

variable "throttling_rate_limit" {
  description = "Steady-state requests per second allowed on every method of the stage."
  type        = number
  default     = 100
  nullable    = false

  validation {
    condition     = var.throttling_rate_limit > 0
    error_message = "throttling_rate_limit must be greater than 0."
  }
}

variable "throttling_burst_limit" {
  description = "Burst of requests allowed on every method of the stage."
  type        = number
  default     = 200
  nullable    = false

  validation {
    condition     = var.throttling_burst_limit > 0 && floor(var.throttling_burst_limit) == var.throttling_burst_limit
    error_message = "throttling_burst_limit must be a whole number greater than 0."
  }
}

variable "create_alarms" {
  description = "Create CloudWatch alarms: API 5XX rate, API p99 latency, Lambda errors and Lambda throttles."
  type        = bool
  default     = false
}

variable "alarm_sns_topic_arn" {
  description = "SNS topic (in this Region) notified when an alarm fires or recovers; `null` creates the alarms without notifications."
  type        = string
  default     = null

  validation {
    condition     = var.alarm_sns_topic_arn == null || can(regex("^arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:[a-zA-Z0-9_-]+$", var.alarm_sns_topic_arn))
    error_message = "alarm_sns_topic_arn must be an SNS topic ARN, or null."
  }
}

variable "alarm_5xx_rate_threshold_percent" {
  description = "The 5XX alarm fires when more than this percentage of requests fail with a 5XX, over each evaluated minute."
  type        = number
  default     = 1

  validation {
    condition     = var.alarm_5xx_rate_threshold_percent > 0 && var.alarm_5xx_rate_threshold_percent <= 100
    error_message = "alarm_5xx_rate_threshold_percent must be greater than 0 and at most 100."
  }
}

variable "alarm_p99_latency_threshold_ms" {
  description = "The latency alarm fires when the API's p99 latency (ms) exceeds this; at most the contract's integration timeout (`integrationTimeoutMillis` in `infrastructure_path`)."
  type        = number
  default     = 2000

  validation {
    condition     = var.alarm_p99_latency_threshold_ms > 0
    error_message = "alarm_p99_latency_threshold_ms must be greater than 0."
  }
}

variable "alarm_evaluation_periods" {
  description = "Consecutive one-minute periods that must breach before an alarm fires."
  type        = number
  default     = 5

  validation {
    condition     = var.alarm_evaluation_periods >= 1 && var.alarm_evaluation_periods <= 60 && floor(var.alarm_evaluation_periods) == var.alarm_evaluation_periods
    error_message = "alarm_evaluation_periods must be a whole number from 1 to 60."
  }
}

variable "tags" {
  description = "Tags applied to every taggable resource of the module."
  type        = map(string)
  default     = {}
}

variable "permissions_boundary_arn" {
  description = "Permissions boundary of every role this module creates (the function's, API Gateway's for the direct operations); `null` attaches none. Deploying with the GitHub apply role needs its environment's boundary (terraform/modules/deploy-identity)."
  type        = string
  default     = null

  validation {
    condition     = var.permissions_boundary_arn == null || can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:policy/.+$", coalesce(var.permissions_boundary_arn, "x")))
    error_message = "permissions_boundary_arn must be the ARN of an IAM managed policy, or null."
  }
}
