variable "github_repository" {
  description = "The GitHub repository (`owner/name`) whose workflows may assume the roles; part of every trusted `sub` claim."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}$", var.github_repository))
    error_message = "github_repository must be `owner/name`, as in the repository's URL."
  }
}

variable "oidc_provider_arn" {
  description = "ARN of the account's existing IAM OIDC provider for https://token.actions.githubusercontent.com (an account has at most one per URL); `null` creates it here."
  type        = string
  default     = null

  validation {
    condition     = var.oidc_provider_arn == null || can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:oidc-provider/token\\.actions\\.githubusercontent\\.com$", coalesce(var.oidc_provider_arn, "x")))
    error_message = "oidc_provider_arn must be the ARN of an IAM OIDC provider for token.actions.githubusercontent.com, or null."
  }
}

variable "environments" {
  description = <<-EOT
    The GitHub environments that deploy, each with a plan role and an apply role of its own: `resource_name` is the
    base name of what the environment's root creates (items-api's `name`, by default `items-api-<environment>`),
    which scopes every grant; `state_key` the `key` of its backend.hcl; `plan_from_pull_requests` also trusts pull
    request workflows (no environment) with the plan role.
  EOT
  type = map(object({
    resource_name           = string
    state_key               = string
    plan_from_pull_requests = optional(bool, false)
  }))

  validation {
    condition     = length(var.environments) > 0 && alltrue([for name, env in var.environments : can(regex("^[A-Za-z0-9_-]{1,64}$", name)) && can(regex("^[a-zA-Z][a-zA-Z0-9-]{2,39}$", env.resource_name)) && can(regex("^[^/].*\\.tfstate$", env.state_key))])
    error_message = "environments needs at least one entry, named like a GitHub environment (letters, digits, '_' or '-'), each with a resource_name of 3-40 letters, digits or '-' starting with a letter, and a state_key ending in .tfstate."
  }

  validation {
    condition     = length(distinct([for env in var.environments : env.resource_name])) == length(var.environments)
    error_message = "environments must not share a resource_name: the roles of one environment would reach the other's resources."
  }
}

variable "plan_branch" {
  description = "Branch whose workflows may also assume every plan role without an environment (the deploy workflow plans main's commits before the gated apply); `null` trusts environments (and pull requests where asked) only."
  type        = string
  default     = "main"

  validation {
    condition     = var.plan_branch == null || can(regex("^[A-Za-z0-9._/-]{1,100}$", coalesce(var.plan_branch, "x")))
    error_message = "plan_branch must be a branch name, or null."
  }
}

variable "state_bucket_name" {
  description = "The S3 bucket holding the environments' state (state-bucket's `bucket_name`)."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.state_bucket_name))
    error_message = "state_bucket_name must be a valid S3 bucket name."
  }
}

variable "regions" {
  description = "Regions the environments deploy to: the regional grants hold there only (aws:RequestedRegion)."
  type        = set(string)

  validation {
    condition     = length(var.regions) > 0 && alltrue([for r in var.regions : can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", r))])
    error_message = "regions must list at least one AWS Region code such as 'eu-west-1'."
  }
}

variable "role_name_prefix" {
  description = "Prefix of the deploy roles and boundary policies (`<prefix>-<environment>-plan`, `-apply`, `-boundary`); it must not start any environment's resource_name, or the apply role could edit itself."
  type        = string
  default     = "github-deploy"

  validation {
    condition     = can(regex("^[a-zA-Z][a-zA-Z0-9+=,.@_-]{1,40}$", var.role_name_prefix))
    error_message = "role_name_prefix must be 2-41 characters valid in an IAM role name, starting with a letter."
  }
}

variable "max_session_duration" {
  description = "Longest session, in seconds, a workflow gets from a role (a whole plan or apply must fit)."
  type        = number
  default     = 3600

  validation {
    condition     = var.max_session_duration >= 3600 && var.max_session_duration <= 43200 && floor(var.max_session_duration) == var.max_session_duration
    error_message = "max_session_duration must be a whole number of seconds from 3600 to 43200."
  }
}

variable "break_glass_role_arns" {
  description = "IAM roles that administer every environment's KMS keys beside its apply role (output `key_administrator_arns`): the account's break-glass or platform administrator role. The plan roles never do."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for a in var.break_glass_role_arns : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:role/", a))])
    error_message = "Every break-glass role must be an IAM role ARN (arn:aws:iam::<account>:role/...)."
  }
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}
