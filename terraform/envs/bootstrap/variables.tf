# Typed pass-throughs to the modules, which validate them.

variable "state_bucket_name" {
  description = "Name of the S3 bucket for the environments' state (globally unique): the `bucket` of their backend.hcl."
  type        = string
}

variable "state_bucket_region" {
  description = "Region of the state bucket: the `region` of the environments' backend.hcl."
  type        = string
  default     = "us-east-1"
}

variable "regions" {
  description = "Every Region any environment of this account serves from (dev's and prod's `regions` together): each gets API Gateway's account settings."
  type        = set(string)
  default     = ["us-east-1", "us-west-2"]
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = { Project = "items-api", ManagedBy = "terraform", Environment = "account" }
}

variable "github_repository" {
  description = "The GitHub repository (`owner/name`) whose workflows deploy the environments (.github/workflows/deploy.yml); `null` creates no deploy identity."
  type        = string
  default     = null
}

variable "github_oidc_provider_arn" {
  description = "ARN of the account's existing IAM OIDC provider for GitHub Actions, if it has one (an account has at most one per URL); `null` creates it."
  type        = string
  default     = null
}

variable "break_glass_role_arns" {
  description = "IAM roles that administer every environment's KMS keys beside its apply role (output `github_key_administrator_arns`); for example the account's administrator role."
  type        = list(string)
  default     = []
}

variable "deploy_environments" {
  description = "The GitHub environments that deploy, each with its plan and apply role: `resource_name` is the environment's items-api `name` (default `items-api-<environment>`), `state_key` the `key` of its backend.hcl, `plan_from_pull_requests` lets pull requests plan it."
  type = map(object({
    resource_name           = string
    state_key               = string
    plan_from_pull_requests = optional(bool, false)
  }))
  default = {
    dev  = { resource_name = "items-api-dev", state_key = "items-api/dev/terraform.tfstate", plan_from_pull_requests = true }
    prod = { resource_name = "items-api-prod", state_key = "items-api/prod/terraform.tfstate" }
  }
}
