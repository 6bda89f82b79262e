terraform {
  # The environments need >= 1.10 (the S3 backend's use_lockfile); the same floor here keeps one prerequisite.
  required_version = ">= 1.10"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "= 6.47.0" # the version the apply rehearsal proves (tools/terraform builds it); no lock file can be committed
    }
  }

  # No backend block: the state bucket does not exist yet when this root is first applied (local state).
}

provider "aws" {
  region = var.state_bucket_region # IAM is global; every regional resource names its own Region
}
