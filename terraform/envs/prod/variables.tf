# Typed pass-throughs to the items-api composition, which validates them; `null` keeps its default.

variable "name" {
  description = "Base name of the resources; `null` means `<x-api-name>-prod` (`items-api-prod`)."
  type        = string
  default     = null
}

variable "table_names" {
  description = "Table name of some of the contract's resources (resource to name) instead of `items-api-prod-<resource>`. A prod deployed before the contract declared resources keeps its table with `{ items = \"items-api-prod\" }` (README: Upgrading); a changed name replaces the table."
  type        = map(string)
  default     = {}
}

variable "regions" {
  description = "Regions served active-active, each with its own API and Lambda on its local table replica. The first holds the table's and the key's primary."
  type        = list(string)
  default     = ["us-east-1", "us-west-2"]
}

variable "stage_name" {
  description = "API Gateway stage name (the same in every Region)."
  type        = string
  default     = "v1"
}

variable "memory_size" {
  description = "Memory of each Region's function in MB."
  type        = number
  default     = 512
}

variable "timeout" {
  description = "Function timeout in seconds (below the contract's integration timeout); `null` keeps lambda-api's default."
  type        = number
  default     = null
}

variable "reserved_concurrent_executions" {
  description = "Concurrency reserved for (and capping) each Region's function; -1 (the default) leaves it unreserved. Reserving needs the Region's `ConcurrentExecutions` quota raised first (10 in a new account; 100 must stay unreserved)."
  type        = number
  default     = -1
}

variable "throttling_rate_limit" {
  description = "Steady-state requests per second per Region's stage."
  type        = number
  default     = 500
}

variable "throttling_burst_limit" {
  description = "Request burst per Region's stage."
  type        = number
  default     = 1000
}

variable "key_administrator_arns" {
  description = "IAM roles/users that administer the KMS keys without an IAM policy of their own: the role that applies (CI: envs/bootstrap's `github_key_administrator_arns`) and a break-glass role. Required: never derived from whoever runs the plan."
  type        = list(string)
}

variable "tags" {
  description = "Extra tags for every resource (merged over Project/Environment/ManagedBy)."
  type        = map(string)
  default     = {}
}

variable "deletion_protection_enabled" {
  description = "Protect the table and every replica from deletion. Leave it true: `false` only to tear prod down, as `apply -var deletion_protection_enabled=false` before `destroy` (README: Teardown)."
  type        = bool
  default     = true
  nullable    = false
}

variable "permissions_boundary_arn" {
  description = "Permissions boundary of every IAM role this environment creates; `null` attaches none. The deploy workflow passes envs/bootstrap's github_permissions_boundary_arns for it (TF_VAR_permissions_boundary_arn)."
  type        = string
  default     = null
}

variable "api_clients" {
  description = "The API's machine clients: name to scopes, usage plan and token validity (validated by the items-api composition against the contract). The defaults are what the e2e suite needs: `writer` (read and write) and `reader` (read only), both on the `standard` plan; `npm run stage-env` writes their credentials."
  type = map(object({
    scopes                        = list(string)
    usage_plan                    = string
    access_token_validity_minutes = optional(number, 60)
  }))
  default = {
    writer = { scopes = ["*"], usage_plan = "standard" }
    reader = { scopes = ["*:read"], usage_plan = "standard" }
  }
}
