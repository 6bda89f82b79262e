variable "name" {
  description = "Name of the IAM role API Gateway assumes to write logs."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9+=,.@_-]{1,64}$", var.name))
    error_message = "name must be 1-64 characters valid in an IAM role name."
  }
}

variable "log_group_name_patterns" {
  description = "Log group names (wildcards allowed) API Gateway may write to with this role, in any Region of this account: the stages' access log groups and `API-Gateway-Execution-Logs_*`."
  type        = list(string)

  validation {
    condition     = length(var.log_group_name_patterns) > 0 && alltrue([for p in var.log_group_name_patterns : length(p) > 0 && !strcontains(p, ":")])
    error_message = "log_group_name_patterns must list at least one log group name (not an ARN)."
  }
}

variable "tags" {
  description = "Tags applied to the role."
  type        = map(string)
  default     = {}
}
