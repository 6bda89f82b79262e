# Typed pass-throughs to the items-api composition, which validates them; `null` keeps its default.

variable "name" {
  description = "Base name of the resources; `null` means `<x-api-name>-dev` (`items-api-dev`)."
  type        = string
  default     = null
}

variable "table_names" {
  description = "Table name of some of the contract's resources (resource to name) instead of `items-api-dev-<resource>`. A dev deployed before the contract declared resources keeps its table with `{ items = \"items-api-dev\" }` (README: Upgrading); a changed name replaces the table."
  type        = map(string)
  default     = {}
}

variable "regions" {
  description = "Regions to serve from, the first holding the primaries; add a second for the active-active shape of prod."
  type        = list(string)
  default     = ["us-east-1"]
}

variable "stage_name" {
  description = "API Gateway stage name."
  type        = string
  default     = "dev"
}

variable "log_level" {
  description = "Handler log level."
  type        = string
  default     = "DEBUG"
}

variable "reserved_concurrent_executions" {
  description = "Reserved concurrency of each function; -1 (the dev default) leaves it unreserved, which new accounts with a concurrency quota of 10 need."
  type        = number
  default     = -1
}

variable "key_administrator_arns" {
  description = "IAM roles/users that administer the KMS key without an IAM policy of their own: the role that applies (CI: envs/bootstrap's `github_key_administrator_arns`) and a break-glass role. Required: never derived from whoever runs the plan."
  type        = list(string)
}

variable "tags" {
  description = "Extra tags for every resource (merged over Project/Environment/ManagedBy)."
  type        = map(string)
  default     = {}
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
