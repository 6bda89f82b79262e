# `tofu test` (or `terraform test`) with a mocked AWS provider: plans the global table with a replica and checks the
# input validations. No AWS credentials, no network.

# BEGIN mock_provider "aws": generated from terraform/mocks/aws.tfmock.hcl by `npx nx run terraform:mocks`, do not edit
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

  mock_data "aws_ssm_parameter" {
    defaults = {
      value = "arn:aws:iam::111122223333:role/items-api-apigateway-cloudwatch"
    }
  }

  mock_resource "aws_iam_role" {
    defaults = {
      arn = "arn:aws:iam::111122223333:role/items-api-test"
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

  mock_resource "aws_sns_topic" {
    defaults = {
      arn = "arn:aws:sns:us-east-1:111122223333:items-api-test-alarms"
    }
  }

  mock_resource "aws_cloudwatch_log_group" {
    defaults = {
      arn = "arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/items-api-test"
    }
  }

  mock_resource "aws_lambda_function" {
    defaults = {
      arn        = "arn:aws:lambda:us-east-1:111122223333:function:items-api-test"
      invoke_arn = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:111122223333:function:items-api-test/invocations"
    }
  }

  mock_resource "aws_api_gateway_rest_api" {
    defaults = {
      id            = "a1b2c3d4e5"
      execution_arn = "arn:aws:execute-api:us-east-1:111122223333:a1b2c3d4e5"
    }
  }

  mock_resource "aws_api_gateway_stage" {
    defaults = {
      arn        = "arn:aws:apigateway:us-east-1::/restapis/a1b2c3d4e5/stages/v1"
      invoke_url = "https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/v1"
    }
  }

  mock_resource "aws_dynamodb_table" {
    defaults = {
      arn        = "arn:aws:dynamodb:us-east-1:111122223333:table/items-api-test"
      stream_arn = "arn:aws:dynamodb:us-east-1:111122223333:table/items-api-test/stream/2026-01-01T00:00:00.000"
    }
  }

  mock_resource "aws_cognito_user_pool" {
    defaults = {
      arn      = "arn:aws:cognito-idp:us-east-1:111122223333:userpool/us-east-1_AbCdEfGhI"
      id       = "us-east-1_AbCdEfGhI"
      endpoint = "cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEfGhI"
    }
  }
}
# END mock_provider "aws"

variables {
  name          = "items-api-test"
  region        = "us-east-1"
  partition_key = { name = "pk", type = "N" }
  kms_key_arn   = "arn:aws:kms:us-east-1:111122223333:key/mrk-1234567890abcdef1234567890abcdef"
  replicas = {
    "us-west-2" = { kms_key_arn = "arn:aws:kms:us-west-2:111122223333:key/mrk-1234567890abcdef1234567890abcdef" }
  }
}

run "global_table_with_encrypted_protected_replicas" {
  command = plan

  assert {
    condition     = aws_dynamodb_table.this.hash_key == "pk" && one(aws_dynamodb_table.this.attribute).name == "pk" && one(aws_dynamodb_table.this.attribute).type == "N"
    error_message = "the key schema must be the partition_key given"
  }

  assert {
    condition     = aws_dynamodb_table.this.range_key == null && output.range_key == null
    error_message = "without sort_key the table is keyed by its partition key alone"
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

run "rejects_a_key_type_dynamodb_does_not_have" {
  command = plan

  variables {
    partition_key = { name = "id", type = "string" }
  }

  expect_failures = [var.partition_key]
}

run "keyed_by_a_partition_and_a_sort_key" {
  command = plan

  variables {
    sort_key = { name = "at", type = "S" }
  }

  assert {
    condition     = aws_dynamodb_table.this.hash_key == "pk" && aws_dynamodb_table.this.range_key == "at" && output.range_key == "at"
    error_message = "the sort key must be the sort_key given"
  }

  assert {
    condition     = aws_dynamodb_table.this.attribute == toset([{ name = "pk", type = "N" }, { name = "at", type = "S" }])
    error_message = "both key attributes, and only they, must be declared with their types"
  }
}

run "rejects_a_sort_key_type_dynamodb_does_not_have" {
  command = plan

  variables {
    sort_key = { name = "at", type = "date" }
  }

  expect_failures = [var.sort_key]
}

run "rejects_a_sort_key_that_is_the_partition_key" {
  command = plan

  variables {
    sort_key = { name = "pk", type = "N" }
  }

  expect_failures = [var.sort_key]
}

run "rejects_a_recovery_period_the_replicas_would_not_keep" {
  command = plan

  variables {
    point_in_time_recovery_period_in_days = 7
  }

  expect_failures = [aws_dynamodb_table.this]
}

run "accepts_a_short_recovery_period_without_replicas" {
  command = plan

  variables {
    replicas                              = {}
    point_in_time_recovery_period_in_days = 7
  }

  assert {
    condition     = aws_dynamodb_table.this.point_in_time_recovery[0].recovery_period_in_days == 7
    error_message = "a single-Region table keeps the period it is given"
  }
}
