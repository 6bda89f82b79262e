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

  mock_resource "aws_kms_key" {
    defaults = {
      arn    = "arn:aws:kms:us-east-1:111122223333:key/mrk-1234567890abcdef1234567890abcdef"
      key_id = "mrk-1234567890abcdef1234567890abcdef"
    }
  }

  mock_resource "aws_kms_replica_key" {
    defaults = {
      arn    = "arn:aws:kms:us-west-2:111122223333:key/mrk-1234567890abcdef1234567890abcdef"
      key_id = "mrk-1234567890abcdef1234567890abcdef"
    }
  }

  mock_data "aws_iam_policy_document" {
    defaults = {
      json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
    }
  }
}

variables {
  alias_name      = "items-api-test"
  primary_region  = "us-east-1"
  replica_regions = ["us-west-2", "eu-west-1"]
}

run "primary_replicas_and_aliases" {
  command = plan

  assert {
    condition     = aws_kms_key.primary.multi_region && aws_kms_key.primary.enable_key_rotation && aws_kms_key.primary.region == "us-east-1"
    error_message = "the primary must be a rotating multi-Region key in the primary Region"
  }

  assert {
    condition     = toset(keys(aws_kms_replica_key.this)) == toset(["us-west-2", "eu-west-1"]) && aws_kms_replica_key.this["eu-west-1"].region == "eu-west-1"
    error_message = "one replica key per replica Region, in that Region"
  }

  assert {
    condition     = aws_kms_alias.replica["us-west-2"].name == "alias/items-api-test" && aws_kms_alias.primary.name == "alias/items-api-test"
    error_message = "the same alias in every Region"
  }

  assert {
    condition = alltrue(flatten([
      for statement in data.aws_iam_policy_document.key.statement : [for action in coalesce(statement.actions, []) : !strcontains(action, "*")]
    ]))
    error_message = "the key policy must name every action (no kms:*)"
  }
}

run "rejects_the_primary_region_as_a_replica" {
  command = plan

  variables {
    replica_regions = ["us-east-1"]
  }

  expect_failures = [aws_kms_key.primary]
}

run "rejects_a_short_deletion_window" {
  command = plan

  variables {
    deletion_window_in_days = 3
  }

  expect_failures = [var.deletion_window_in_days]
}

run "rejects_an_aws_reserved_alias" {
  command = plan

  variables {
    alias_name = "aws/dynamodb"
  }

  expect_failures = [var.alias_name]
}
