# The S3 bucket the environments keep their state in (backend "s3" with use_lockfile): it must exist before their
# first `init`, so the bootstrap root creates it. Versioned (a bad apply's state can be restored), encrypted,
# private, and reachable only over TLS.

resource "aws_s3_bucket" "this" {
  # checkov:skip=CKV_AWS_18:Server access logs of a state bucket need a second bucket (and its own logs); CloudTrail data events are the account's choice for auditing state reads.
  # checkov:skip=CKV_AWS_144:Cross-Region replication needs a second bucket and role; versioning already keeps every earlier state, and the state can be rebuilt by import.
  # checkov:skip=CKV2_AWS_62:Nothing reacts to state writes; event notifications would have no consumer.
  region = var.region

  bucket        = var.bucket_name
  force_destroy = false # a state bucket is never emptied by Terraform
  tags          = var.tags
}

resource "aws_s3_bucket_versioning" "this" {
  region = var.region

  bucket = aws_s3_bucket.this.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  region = var.region

  bucket = aws_s3_bucket.this.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms" # the account's aws/s3 key: no key policy to keep in step with the deployers
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_public_access_block" "this" {
  region = var.region

  bucket                  = aws_s3_bucket.this.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "this" {
  region = var.region

  bucket = aws_s3_bucket.this.id

  rule {
    object_ownership = "BucketOwnerEnforced" # no ACLs at all
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "this" {
  region = var.region

  bucket = aws_s3_bucket.this.id

  rule {
    id     = "expire-old-state-versions"
    status = "Enabled"

    filter {}

    noncurrent_version_expiration {
      noncurrent_days = var.noncurrent_version_expiration_days
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
  }

  depends_on = [aws_s3_bucket_versioning.this]
}

# Written as jsonencode() of the statement (not aws_iam_policy_document) so that it renders the same under a mocked
# provider as in a plan (terraform/authorization/mocked.ts evaluates the state's calls against it).
locals {
  tls_only_policy = {
    Version = "2012-10-17"
    Statement = [{
      Sid       = "DenyInsecureTransport"
      Effect    = "Deny"
      Action    = ["s3:*"] # a Deny: every request over plain HTTP, whatever it asks
      Resource  = [aws_s3_bucket.this.arn, "${aws_s3_bucket.this.arn}/*"]
      Principal = "*"
      Condition = { Bool = { "aws:SecureTransport" = ["false"] } }
    }]
  }
}

resource "aws_s3_bucket_policy" "this" {
  region = var.region

  bucket = aws_s3_bucket.this.id
  policy = jsonencode(local.tls_only_policy)

  depends_on = [aws_s3_bucket_public_access_block.this]
}
