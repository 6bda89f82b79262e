terraform {
  # Terraform >= 1.10 and OpenTofu >= 1.9 both satisfy this (each checks its own version); the cross-variable
  # validation of machine_clients needs 1.9.
  required_version = ">= 1.9"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # 6.0 added the per-resource `region` argument; user_pool_tier needs >= 5.80.
      version = ">= 6.0"
    }
  }
}
