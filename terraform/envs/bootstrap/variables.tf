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
