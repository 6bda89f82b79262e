variable "regions" {
  description = "Every Region an environment of this account serves from: each gets the API Gateway account settings."
  type        = set(string)

  validation {
    condition     = length(var.regions) >= 1 && alltrue([for r in var.regions : can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", r))])
    error_message = "regions must list one or more AWS Region codes such as 'us-east-1'."
  }
}

variable "role_name" {
  description = "Name of the IAM role API Gateway writes logs with (one per account; IAM is global)."
  type        = string
  default     = "items-api-apigateway-cloudwatch"
  nullable    = false
}

variable "log_retention_in_days" {
  description = "Retention of the `/aws/apigateway/welcome` log group API Gateway writes to when the settings change."
  type        = number
  default     = 365
  nullable    = false

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_in_days)
    error_message = "log_retention_in_days must be one of the values CloudWatch Logs accepts."
  }
}

variable "tags" {
  description = "Tags applied to every taggable resource of the module."
  type        = map(string)
  default     = {}
}
