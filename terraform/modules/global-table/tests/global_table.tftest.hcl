# `tofu test` (or `terraform test`) with a mocked AWS provider: plans the module against the real generated
# body and a fixture zip, and checks the variable validations. No AWS credentials, no network.

mock_provider "aws" {
  mock_data "aws_caller_identity" {
    defaults = {
      account_id = "111122223333"
      arn        = "arn:aws:iam::111122223333:user/ci"
    }
  }

  mock_data "aws_partition" {
    defaults = {
      partition  = "aws"
      dns_suffix = "amazonaws.com"
    }
  }

  mock_data "aws_iam_policy_document" {
    defaults = {
      json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
    }
  }
}

variables {
  name        = "items-api-test"
  region      = "us-east-1"
  kms_key_arn = "arn:aws:kms:us-east-1:111122223333:key/mrk-1234567890abcdef1234567890abcdef"
  replicas = {
    "us-west-2" = { kms_key_arn = "arn:aws:kms:us-west-2:111122223333:key/mrk-1234567890abcdef1234567890abcdef" }
  }
}

run "global_table_with_encrypted_protected_replicas" {
  command = plan

  assert {
    condition     = aws_dynamodb_table.this.hash_key == "id" && one(aws_dynamodb_table.this.attribute).type == "S"
    error_message = "the key schema must be id (S), as the handler expects"
  }

  assert {
    condition     = aws_dynamodb_table.this.stream_view_type == "NEW_AND_OLD_IMAGES" && aws_dynamodb_table.this.billing_mode == "PAY_PER_REQUEST"
    error_message = "on-demand, with the stream global tables need"
  }

  assert {
    condition = alltrue([
      for r in aws_dynamodb_table.this.replica :
      r.point_in_time_recovery && r.propagate_tags && r.deletion_protection_enabled && startswith(r.kms_key_arn, "arn:aws:kms:${r.region_name}:")
    ])
    error_message = "every replica must have PITR, tag propagation, deletion protection and its own Region's key"
  }

  assert {
    condition     = aws_dynamodb_table.this.deletion_protection_enabled && aws_dynamodb_table.this.point_in_time_recovery[0].enabled
    error_message = "the table must have deletion protection and PITR by default"
  }

  assert {
    condition     = length(aws_dynamodb_table.this.ttl) == 0
    error_message = "TTL is off unless an attribute is named"
  }
}

run "rejects_a_replica_key_from_another_region" {
  command = plan

  variables {
    replicas = {
      "us-west-2" = { kms_key_arn = "arn:aws:kms:us-east-1:111122223333:key/mrk-1234567890abcdef1234567890abcdef" }
    }
  }

  expect_failures = [var.replicas]
}
