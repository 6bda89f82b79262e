terraform {
  # `use_lockfile` (S3-native state locking) needs Terraform >= 1.10 / OpenTofu >= 1.10.
  required_version = ">= 1.10"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "= 6.47.0" # the version the apply rehearsal proves (tools/terraform builds it); no lock file can be committed
    }
  }

  # Bucket, key and Region come from `-backend-config=backend.hcl` (see backend.hcl.example).
  backend "s3" {
    use_lockfile = true
    encrypt      = true
  }
}

provider "aws" {
  region = var.regions[0] # IAM is global; every regional resource names its own Region
}
