# `tofu test` (or `terraform test`) of the prod wiring with a mocked AWS provider and the key and table
# modules' outputs overridden: the API runs in every Region, each on its local replica and key, with alarms.

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

  mock_resource "aws_iam_role" {
    defaults = {
      arn = "arn:aws:iam::111122223333:role/items-api-prod"
    }
  }

  mock_resource "aws_sns_topic" {
    defaults = {
      arn = "arn:aws:sns:us-east-1:111122223333:items-api-prod-alarms"
    }
  }

  mock_resource "aws_cloudwatch_log_group" {
    defaults = {
      arn = "arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/items-api-prod"
    }
  }

  mock_resource "aws_lambda_function" {
    defaults = {
      arn        = "arn:aws:lambda:us-east-1:111122223333:function:items-api-prod"
      invoke_arn = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:111122223333:function:items-api-prod/invocations"
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
      arn = "arn:aws:apigateway:us-east-1::/restapis/a1b2c3d4e5/stages/v1"
    }
  }
}

override_module {
  target = module.kms
  outputs = {
    primary_key_arn = "arn:aws:kms:us-east-1:111122223333:key/mrk-1234567890abcdef1234567890abcdef"
    replica_key_arns = {
      "us-west-2" = "arn:aws:kms:us-west-2:111122223333:key/mrk-1234567890abcdef1234567890abcdef"
    }
    key_arns_by_region = {
      "us-east-1" = "arn:aws:kms:us-east-1:111122223333:key/mrk-1234567890abcdef1234567890abcdef"
      "us-west-2" = "arn:aws:kms:us-west-2:111122223333:key/mrk-1234567890abcdef1234567890abcdef"
    }
  }
}

override_module {
  target = module.table
  outputs = {
    name = "items-api-prod"
    arn  = "arn:aws:dynamodb:us-east-1:111122223333:table/items-api-prod"
    arns_by_region = {
      "us-east-1" = "arn:aws:dynamodb:us-east-1:111122223333:table/items-api-prod"
      "us-west-2" = "arn:aws:dynamodb:us-west-2:111122223333:table/items-api-prod"
    }
  }
}

variables {
  cursor_signing_key = "0123456789abcdef0123456789abcdef"
}

run "active_active_in_every_region" {
  command = plan

  assert {
    condition     = toset(keys(module.api)) == toset(["us-east-1", "us-west-2"])
    error_message = "prod must deploy the API in both Regions"
  }

  assert {
    condition     = module.api["us-west-2"].region == "us-west-2" && module.api["us-east-1"].region == "us-east-1"
    error_message = "each API instance must live in its own Region"
  }

  assert {
    condition     = toset(keys(module.api["us-west-2"].alarm_arns)) == toset(["api-5xx-rate", "api-p99-latency", "lambda-errors", "lambda-throttles"])
    error_message = "prod must have alarms in every Region"
  }

  assert {
    condition     = aws_sns_topic.alarms["us-west-2"].region == "us-west-2" && aws_sns_topic.alarms["us-west-2"].kms_master_key_id == "arn:aws:kms:us-west-2:111122223333:key/mrk-1234567890abcdef1234567890abcdef"
    error_message = "each Region's alarm topic must be encrypted with that Region's key"
  }

  assert {
    condition = (
      toset(keys(output.api_urls)) == toset(["us-east-1", "us-west-2"]) && toset(keys(output.rest_api_ids)) == toset(["us-east-1", "us-west-2"]) &&
      toset(keys(output.table_arns_by_region)) == toset(["us-east-1", "us-west-2"]) && toset(keys(output.kms_key_arns_by_region)) == toset(["us-east-1", "us-west-2"]) &&
      output.table_name != null
    )
    error_message = "prod must output a URL, an API, a table replica and a key for every Region"
  }
}

run "requires_a_cursor_signing_key" {
  command = plan

  variables {
    cursor_signing_key = "short"
  }

  expect_failures = [var.cursor_signing_key]
}

run "requires_two_distinct_regions" {
  command = plan

  variables {
    regions = ["us-east-1", "us-east-1"]
  }

  expect_failures = [var.regions]
}
