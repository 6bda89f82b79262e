terraform {
  # Terraform >= 1.10 and OpenTofu >= 1.9 both satisfy this (each checks its own version).
  required_version = ">= 1.9"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # 6.0 added the per-resource `region` argument this module uses instead of provider aliases.
      version = ">= 6.0"
    }
  }
}
