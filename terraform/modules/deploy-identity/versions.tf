terraform {
  # Terraform >= 1.10 and OpenTofu >= 1.9 both satisfy this (each checks its own version).
  required_version = ">= 1.9"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 6.0"
    }
  }
}
