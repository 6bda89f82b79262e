variable "alias_name" {
  description = "Alias given to the key in every Region, without the `alias/` prefix (for example `items-api-dev`)."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9/_-]{1,250}$", var.alias_name)) && !startswith(var.alias_name, "aws/") && !startswith(var.alias_name, "alias/")
    error_message = "alias_name must be 1-250 characters of letters, digits, '/', '_' or '-', without the 'alias/' prefix, and must not start with 'aws/' (reserved for AWS managed keys)."
  }
}

variable "description" {
  description = "Description of the primary key and its replicas."
  type        = string
  default     = "Items API: DynamoDB global table and CloudWatch Logs encryption"

  validation {
    condition     = length(var.description) <= 8192
    error_message = "description must be at most 8192 characters."
  }
}

variable "primary_region" {
  description = "Region of the multi-Region primary key. `null` uses the provider's Region."
  type        = string
  default     = null

  validation {
    condition     = var.primary_region == null || can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", var.primary_region))
    error_message = "primary_region must be an AWS Region code such as 'eu-west-1', or null."
  }
}

variable "replica_regions" {
  description = "Regions that get an `aws_kms_replica_key` of the primary key (and an alias). Must not contain the primary Region."
  type        = set(string)
  default     = []

  validation {
    condition     = alltrue([for r in var.replica_regions : can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", r))])
    error_message = "Every replica Region must be an AWS Region code such as 'us-west-2'."
  }
}

variable "deletion_window_in_days" {
  description = "Waiting period, in days, before a scheduled deletion of the key (or a replica) takes effect."
  type        = number
  default     = 30
  nullable    = false

  validation {
    condition     = var.deletion_window_in_days >= 7 && var.deletion_window_in_days <= 30 && floor(var.deletion_window_in_days) == var.deletion_window_in_days
    error_message = "deletion_window_in_days must be a whole number from 7 to 30."
  }
}

variable "rotation_period_in_days" {
  description = "How often KMS rotates the key material (rotation is always on; replicas share the primary's rotation)."
  type        = number
  default     = 365

  validation {
    condition     = var.rotation_period_in_days >= 90 && var.rotation_period_in_days <= 2560 && floor(var.rotation_period_in_days) == var.rotation_period_in_days
    error_message = "rotation_period_in_days must be a whole number from 90 to 2560."
  }
}

variable "key_administrator_arns" {
  description = <<-EOT
    IAM role/user ARNs allowed to administer the key (not to use it) without an IAM policy of their own:
    the role that applies (CI's apply role) and a break-glass role. Required and explicit: never whoever
    happens to run the plan (a plan role would become an administrator). The account's IAM may always
    administer it too (AWS's default pattern), so nobody is locked out.
  EOT
  type        = list(string)
  nullable    = false

  validation {
    condition     = length(var.key_administrator_arns) > 0 && alltrue([for a in var.key_administrator_arns : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:(role|user)/", a))])
    error_message = "key_administrator_arns must list at least one IAM role or user ARN (arn:aws:iam::<account>:role/...): the apply role and a break-glass role."
  }
}

variable "log_group_name_patterns" {
  description = <<-EOT
    CloudWatch Logs log group names (wildcards allowed, for example `/aws/lambda/items-api-dev*`) whose
    logs this key may encrypt. The CloudWatch Logs service principal of each Region may use the key only
    with a `kms:EncryptionContext:aws:logs:arn` matching one of them. Empty grants CloudWatch Logs nothing.
  EOT
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for p in var.log_group_name_patterns : length(p) > 0 && length(p) <= 512 && !strcontains(p, ":")])
    error_message = "Every log group name pattern must be 1-512 characters without ':' (a log group name, not an ARN)."
  }

  # API Gateway names a stage's execution log group API-Gateway-Execution-Logs_<rest-api-id>/<stage>: a pattern
  # here cannot know the id, and a wildcard for it would match every API in the account with that stage name.
  validation {
    condition     = !anytrue([for p in var.log_group_name_patterns : startswith(p, "API-Gateway-Execution-Logs_")])
    error_message = "API Gateway execution log groups must not be listed as patterns (a wildcard for the REST API id matches every API with that stage name): name each exactly in the caller's aws_kms_key_policy (see lambda-api)."
  }
}

variable "ssm_parameter_name_patterns" {
  description = <<-EOT
    SSM parameter names (wildcards allowed, for example `/items-api-dev/*`) whose SecureString values this key
    may encrypt and decrypt, through SSM in the key's Regions, for callers in this account (each still needs its
    own IAM permission). Empty lets SSM use the key for nothing.
  EOT
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for p in var.ssm_parameter_name_patterns : startswith(p, "/") && length(p) <= 2048 && !strcontains(p, ":")])
    error_message = "Every SSM parameter name pattern must start with '/' and be a parameter name (at most 2048 characters, no ':'), not an ARN."
  }
}

variable "allow_lambda_environment_encryption" {
  description = "Let Lambda (through `lambda.<region>.amazonaws.com`, for callers in this account) use the key to encrypt and decrypt function environment variables."
  type        = bool
  default     = true
}

variable "allow_cloudwatch_alarm_notifications" {
  description = "Let CloudWatch (service principal, this account only) publish alarm notifications to SNS topics encrypted with this key."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags applied to the primary key and every replica key."
  type        = map(string)
  default     = {}
}
