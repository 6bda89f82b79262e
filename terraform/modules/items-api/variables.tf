# Variables passed straight to a submodule are validated there, once; `null` keeps the submodule's default.

variable "environment" {
  description = "Environment this deployment is (for example `dev` or `prod`): the `Environment` tag, and part of the default `name`."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,19}$", var.environment))
    error_message = "environment must be 2-20 characters of lowercase letters, digits or '-', starting with a letter."
  }
}

variable "name" {
  description = "Base name of every resource (function, API, key alias, roles; each table is `<name>-<resource>` unless `table_names` says otherwise); `null` means `items-api-<environment>`."
  type        = string
  default     = null

  validation {
    condition     = var.name == null || can(regex("^[a-zA-Z][a-zA-Z0-9-]{2,39}$", coalesce(var.name, "x")))
    error_message = "name must be 3-40 characters of letters, digits or '-', starting with a letter (it prefixes IAM role names, which are limited to 64)."
  }
}

variable "table_names" {
  description = "Table name of some of the contract's resources (resource to name), instead of `<name>-<resource>`. For a deployment made before the contract declared resources, `{ items = \"<name>\" }` keeps its table; changing a table's name replaces the table (a new, empty one)."
  type        = map(string)
  default     = {}
  nullable    = false

  validation {
    condition     = alltrue([for resource, _ in var.table_names : contains(keys(local.infrastructure.tables), resource)])
    error_message = "table_names may name only resources the contract declares (the keys of tables in openapi/generated/infrastructure.json)."
  }

  validation {
    condition     = alltrue([for name in values(var.table_names) : can(regex("^[a-zA-Z0-9_.-]{3,255}$", name))])
    error_message = "Every name in table_names must be 3-255 characters of letters, digits, '_', '-' or '.' (a DynamoDB table name)."
  }
}

variable "regions" {
  description = "Regions served active-active, each with its own API and Lambda on its local table replica and key. The first holds the table's and the key's primary."
  type        = list(string)
  nullable    = false

  validation {
    condition     = length(var.regions) >= 1 && length(distinct(var.regions)) == length(var.regions) && alltrue([for r in var.regions : can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", r))])
    error_message = "regions must list one or more distinct AWS Region codes such as 'us-east-1' (the first is the primary)."
  }
}

variable "stage_name" {
  description = "API Gateway stage name (the same in every Region; the first path segment of the invoke URL). Validated by lambda-api."
  type        = string
  nullable    = false
}

variable "memory_size" {
  description = "Memory of each Region's function in MB; `null` keeps lambda-api's default."
  type        = number
  default     = null
}

variable "timeout" {
  description = "Function timeout in seconds, below the contract's integration timeout; `null` keeps lambda-api's default."
  type        = number
  default     = null
}

variable "reserved_concurrent_executions" {
  description = "Concurrency reserved for (and capping) each Region's function, -1 for unreserved; `null` keeps lambda-api's default."
  type        = number
  default     = null
}

variable "log_level" {
  description = "Handler log level (`DEBUG`, `INFO`, `WARN`, `ERROR`); `null` keeps lambda-api's default."
  type        = string
  default     = null
}

variable "log_retention_in_days" {
  description = "Retention of every log group; `null` keeps lambda-api's default."
  type        = number
  default     = null
}

variable "throttling_rate_limit" {
  description = "Steady-state requests per second per Region's stage; `null` keeps lambda-api's default."
  type        = number
  default     = null
}

variable "throttling_burst_limit" {
  description = "Request burst per Region's stage; `null` keeps lambda-api's default."
  type        = number
  default     = null
}

variable "key_deletion_window_in_days" {
  description = "Days a scheduled deletion of the KMS keys waits; `null` keeps kms-multiregion's default."
  type        = number
  default     = null
}

variable "key_administrator_arns" {
  description = "IAM roles/users that administer the KMS keys (kms-multiregion's `key_administrator_arns`): the apply role and a break-glass role, never derived from whoever runs the plan."
  type        = list(string)
}

variable "deletion_protection_enabled" {
  description = "Protect every table and replica from deletion. Turn off only for throwaway environments."
  type        = bool
  default     = true
  nullable    = false
}

variable "point_in_time_recovery_period_in_days" {
  description = "Days of continuous backups kept for every table and replica (35, the default, whenever `regions` lists more than one); `null` keeps global-table's default."
  type        = number
  default     = null
}

variable "create_alarms" {
  description = "Create the CloudWatch alarms of every Region's API (5XX rate, p99 latency, Lambda errors and throttles) and an SNS topic per Region, encrypted with that Region's key, that they notify."
  type        = bool
  default     = true
  nullable    = false
}

variable "tags" {
  description = "Extra tags for every resource, merged over `Project`, `Environment` and `ManagedBy`."
  type        = map(string)
  default     = {}
  nullable    = false
}

variable "permissions_boundary_arn" {
  description = "Permissions boundary of every IAM role the environment creates; `null` attaches none (the GitHub apply role needs its environment's, from envs/bootstrap's github_permissions_boundary_arns)."
  type        = string
  default     = null
}

variable "api_clients" {
  description = "The API's machine clients: name to the scopes it may request (short names of the contract's `access.scopes`, e.g. `items:read`; `*` stands for every scope of the contract and `*:<action>` for every scope ending in `:<action>`, so `*:read` reads every resource, one added later included), the usage plan its API key belongs to (a plan of the contract's `access.usagePlans`) and its access token validity in minutes. Each gets a Cognito app client (client_credentials, with a secret) in the primary Region and an API key in every Region; secrets and key values are read at run time (`npm run stage-env`), never outputs."
  type = map(object({
    scopes                        = list(string)
    usage_plan                    = string
    access_token_validity_minutes = optional(number, 60)
  }))
  nullable = false

  validation {
    condition     = length(var.api_clients) >= 1 && alltrue([for name, _ in var.api_clients : can(regex("^[a-z][a-z0-9-]{0,31}$", name))])
    error_message = "api_clients must declare at least one client, each named with 1-32 lowercase letters, digits or '-', starting with a letter."
  }

  validation {
    condition = alltrue([
      for client in var.api_clients :
      length(client.scopes) >= 1 && alltrue([
        for entry in client.scopes : anytrue([
          for scope in keys(local.infrastructure.access.scopes) :
          entry == "*" || scope == entry || (startswith(entry, "*:") && endswith(scope, substr(entry, 1, -1)))
        ])
      ])
    ])
    error_message = "Every client needs at least one scope, and only scopes the contract declares (access.scopes in openapi/generated/infrastructure.json) or patterns (`*`, `*:<action>`) that match at least one."
  }

  validation {
    condition     = alltrue([for client in var.api_clients : contains(keys(local.infrastructure.access.usagePlans), client.usage_plan)])
    error_message = "Every client's usage_plan must be a plan the contract declares (access.usagePlans in openapi/generated/infrastructure.json)."
  }
}
