# `tofu test` (or `terraform test`) with a mocked AWS provider: the account baseline sets API Gateway's logging
# role in every listed Region, and publishes it where lambda-api looks. No AWS credentials, no network.

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
  regions = ["us-east-1", "us-west-2"]
}

run "sets_the_account_settings_in_every_region" {
  command = plan

  assert {
    condition     = toset([for r, a in aws_api_gateway_account.this : a.region]) == toset(["us-east-1", "us-west-2"])
    error_message = "every listed Region must get its API Gateway account settings"
  }

  assert {
    condition = alltrue([for r in ["us-east-1", "us-west-2"] :
      aws_cloudwatch_log_group.welcome[r].name == "/aws/apigateway/welcome" && aws_cloudwatch_log_group.welcome[r].retention_in_days == 365
    ])
    error_message = "the welcome log group UpdateAccount writes to must exist first, with a retention"
  }
}

run "publishes_the_role_where_lambda_api_looks" {
  command = apply

  assert {
    condition = alltrue([for r in ["us-east-1", "us-west-2"] :
      aws_ssm_parameter.cloudwatch_role[r].name == module.account_baseline_names.apigateway_cloudwatch_role_parameter &&
      aws_ssm_parameter.cloudwatch_role[r].value == output.apigateway_cloudwatch_role_arn
    ])
    error_message = "every Region must publish the role it set, under the name lambda-api reads"
  }
}

run "rejects_a_region_that_is_not_one" {
  command = plan

  variables {
    regions = ["us-east-1", "mars"]
  }

  expect_failures = [var.regions]
}
