variable "name" {
  description = "Table name. A global table has the same name in every Region, which is how each Region's API finds its replica."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9_.-]{3,255}$", var.name))
    error_message = "name must be 3-255 characters of letters, digits, '_', '-' or '.'."
  }
}

variable "partition_key" {
  description = "Partition key attribute of the table: its name and DynamoDB type (`S`, `N` or `B`). The items-api composition passes the contract's (`tables.<resource>.partitionKey` in `openapi/generated/infrastructure.json`)."
  type = object({
    name = string
    type = string
  })

  validation {
    condition     = length(var.partition_key.name) >= 1 && length(var.partition_key.name) <= 255 && contains(["S", "N", "B"], var.partition_key.type)
    error_message = "partition_key needs a name of 1-255 characters and a type of S, N or B."
  }
}

variable "sort_key" {
  description = "Sort key attribute of the table, its name and DynamoDB type (`S`, `N` or `B`), or `null` for a table keyed by its partition key alone. The items-api composition passes the contract's (`tables.<resource>.sortKey` in `openapi/generated/infrastructure.json`, absent for a partition-key-only resource)."
  type = object({
    name = string
    type = string
  })
  default = null

  validation {
    condition     = var.sort_key == null || (length(try(var.sort_key.name, "")) >= 1 && length(try(var.sort_key.name, "")) <= 255 && contains(["S", "N", "B"], try(var.sort_key.type, "")))
    error_message = "sort_key needs a name of 1-255 characters and a type of S, N or B, or must be null."
  }

  validation {
    condition     = var.sort_key == null || try(var.sort_key.name, "") != var.partition_key.name
    error_message = "sort_key must name another attribute than partition_key."
  }
}

variable "region" {
  description = "Region of the table the replicas are created from. `null` uses the provider's Region."
  type        = string
  default     = null

  validation {
    condition     = var.region == null || can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", var.region))
    error_message = "region must be an AWS Region code such as 'eu-west-1', or null."
  }
}

variable "kms_key_arn" {
  description = "ARN of the customer managed key (in the table's Region) for server-side encryption."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>), not an alias or key ID."
  }
}

variable "replicas" {
  description = "Replica Regions, each with the ARN of its Region's replica of the customer managed key."
  type = map(object({
    kms_key_arn = string
  }))
  default = {}

  validation {
    condition = alltrue([
      for region, replica in var.replicas :
      can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", region)) && can(regex("^arn:aws[a-z-]*:kms:${region}:[0-9]{12}:key/", replica.kms_key_arn))
    ])
    error_message = "Every replica must be keyed by a Region code and use a KMS key ARN in that same Region."
  }
}

variable "deletion_protection_enabled" {
  description = "Protect the table and every replica from deletion. Turn off only for throwaway environments."
  type        = bool
  default     = true
}

variable "point_in_time_recovery_period_in_days" {
  description = "Days of continuous backups kept by point-in-time recovery (always on, on the table and every replica). With replicas it must be 35: hashicorp/aws sets no period on replicas, which keep DynamoDB's 35."
  type        = number
  default     = 35
  nullable    = false

  validation {
    condition     = var.point_in_time_recovery_period_in_days >= 1 && var.point_in_time_recovery_period_in_days <= 35 && floor(var.point_in_time_recovery_period_in_days) == var.point_in_time_recovery_period_in_days
    error_message = "point_in_time_recovery_period_in_days must be a whole number from 1 to 35."
  }
}

variable "ttl_attribute_name" {
  description = "Name of a number attribute holding an epoch-seconds expiry time, to enable DynamoDB TTL; `null` leaves TTL off."
  type        = string
  default     = null

  validation {
    condition     = var.ttl_attribute_name == null || can(regex("^.{1,255}$", var.ttl_attribute_name))
    error_message = "ttl_attribute_name must be 1-255 characters, or null."
  }
}

variable "tags" {
  description = "Tags for the table; replicas get them too (`propagate_tags`)."
  type        = map(string)
  default     = {}
}
