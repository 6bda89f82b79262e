variable "name" {
  description = "Name of the environment's resources (function, API, table, key alias)."
  type        = string
  default     = "items-api-dev"

  validation {
    condition     = can(regex("^[a-zA-Z][a-zA-Z0-9-]{2,39}$", var.name))
    error_message = "name must be 3-40 characters of letters, digits or '-', starting with a letter."
  }
}

variable "primary_region" {
  description = "Region of the API, the table and the primary key."
  type        = string
  default     = "us-east-1"

  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", var.primary_region))
    error_message = "primary_region must be an AWS Region code such as 'us-east-1'."
  }
}

variable "replica_region" {
  description = "Region of the table replica and the replica key (no API there in dev)."
  type        = string
  default     = "us-west-2"

  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", var.replica_region))
    error_message = "replica_region must be an AWS Region code such as 'us-west-2'."
  }
}

variable "stage_name" {
  description = "API Gateway stage name."
  type        = string
  default     = "dev"

  validation {
    condition     = can(regex("^[a-zA-Z0-9_-]{1,128}$", var.stage_name))
    error_message = "stage_name must be 1-128 characters of letters, digits, '_' or '-'."
  }
}

variable "log_level" {
  description = "Handler log level."
  type        = string
  default     = "DEBUG"

  validation {
    condition     = contains(["DEBUG", "INFO", "WARN", "ERROR"], var.log_level)
    error_message = "log_level must be one of DEBUG, INFO, WARN, ERROR."
  }
}

variable "cursor_signing_key" {
  description = "HMAC key (>= 32 characters) for pagination cursors; pass it as TF_VAR_cursor_signing_key rather than in a file. `null` uses the handler's default."
  type        = string
  default     = null
  sensitive   = true

  validation {
    condition     = var.cursor_signing_key == null || length(coalesce(var.cursor_signing_key, "x")) >= 32
    error_message = "cursor_signing_key must be at least 32 characters long, or null."
  }
}

variable "reserved_concurrent_executions" {
  description = "Reserved concurrency of the function; -1 (the dev default) leaves it unreserved, which new accounts with a concurrency quota of 10 need."
  type        = number
  default     = -1

  validation {
    condition     = var.reserved_concurrent_executions == -1 || (var.reserved_concurrent_executions >= 0 && floor(var.reserved_concurrent_executions) == var.reserved_concurrent_executions)
    error_message = "reserved_concurrent_executions must be -1 (unreserved) or a whole number >= 0."
  }
}

variable "key_administrator_arns" {
  description = "IAM roles/users that administer the KMS key; empty means the role or user running Terraform."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for a in var.key_administrator_arns : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:(role|user|root)", a))])
    error_message = "Every key administrator must be an IAM role, user or account root ARN."
  }
}

variable "manage_api_gateway_account" {
  description = "Create the API Gateway CloudWatch Logs role and set it in this Region's API Gateway account settings (a Region-wide singleton). Set false if another stack already manages them, for example prod in the same account."
  type        = bool
  default     = true
}

variable "tags" {
  description = "Extra tags for every resource (merged over Project/Environment/ManagedBy)."
  type        = map(string)
  default     = {}
}
