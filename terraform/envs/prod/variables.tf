variable "name" {
  description = "Name of the environment's resources (function, API, table, key alias)."
  type        = string
  default     = "items-api-prod"

  validation {
    condition     = can(regex("^[a-zA-Z][a-zA-Z0-9-]{2,39}$", var.name))
    error_message = "name must be 3-40 characters of letters, digits or '-', starting with a letter."
  }
}

variable "regions" {
  description = "Regions served active-active, each with its own API and Lambda on its local table replica. The first holds the table's and the key's primary."
  type        = list(string)
  default     = ["us-east-1", "us-west-2"]

  validation {
    condition     = length(var.regions) >= 2 && length(distinct(var.regions)) == length(var.regions) && alltrue([for r in var.regions : can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", r))])
    error_message = "regions must list at least two distinct AWS Region codes (the first is the primary)."
  }
}

variable "stage_name" {
  description = "API Gateway stage name (the same in every Region)."
  type        = string
  default     = "v1"

  validation {
    condition     = can(regex("^[a-zA-Z0-9_-]{1,128}$", var.stage_name))
    error_message = "stage_name must be 1-128 characters of letters, digits, '_' or '-'."
  }
}

variable "cursor_signing_key" {
  description = "HMAC key (>= 32 characters) for pagination cursors, the same in every Region so a cursor from one Region works in the other. Pass it as TF_VAR_cursor_signing_key."
  type        = string
  sensitive   = true
  nullable    = false

  validation {
    condition     = length(var.cursor_signing_key) >= 32
    error_message = "cursor_signing_key must be at least 32 characters long."
  }
}

variable "memory_size" {
  description = "Memory of each Region's function in MB."
  type        = number
  default     = 512

  validation {
    condition     = var.memory_size >= 128 && var.memory_size <= 10240 && floor(var.memory_size) == var.memory_size
    error_message = "memory_size must be a whole number of MB from 128 to 10240."
  }
}

variable "timeout" {
  description = "Function timeout in seconds (below API Gateway's 29 s integration timeout)."
  type        = number
  default     = 10

  validation {
    condition     = var.timeout >= 1 && var.timeout < 29 && floor(var.timeout) == var.timeout
    error_message = "timeout must be a whole number of seconds from 1 to 28."
  }
}

variable "reserved_concurrent_executions" {
  description = "Concurrency reserved for (and capping) each Region's function."
  type        = number
  default     = 100

  validation {
    condition     = var.reserved_concurrent_executions == -1 || (var.reserved_concurrent_executions >= 0 && floor(var.reserved_concurrent_executions) == var.reserved_concurrent_executions)
    error_message = "reserved_concurrent_executions must be -1 (unreserved) or a whole number >= 0."
  }
}

variable "throttling_rate_limit" {
  description = "Steady-state requests per second per Region's stage."
  type        = number
  default     = 500

  validation {
    condition     = var.throttling_rate_limit > 0
    error_message = "throttling_rate_limit must be greater than 0."
  }
}

variable "throttling_burst_limit" {
  description = "Request burst per Region's stage."
  type        = number
  default     = 1000

  validation {
    condition     = var.throttling_burst_limit > 0 && floor(var.throttling_burst_limit) == var.throttling_burst_limit
    error_message = "throttling_burst_limit must be a whole number greater than 0."
  }
}

variable "key_administrator_arns" {
  description = "IAM roles/users that administer the KMS keys; empty means the role or user running Terraform."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for a in var.key_administrator_arns : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:(role|user|root)", a))])
    error_message = "Every key administrator must be an IAM role, user or account root ARN."
  }
}

variable "manage_api_gateway_account" {
  description = "Create the API Gateway CloudWatch Logs role and set it in every Region's API Gateway account settings (Region-wide singletons). Set false if another stack already manages them."
  type        = bool
  default     = true
}

variable "tags" {
  description = "Extra tags for every resource (merged over Project/Environment/ManagedBy)."
  type        = map(string)
  default     = {}
}
