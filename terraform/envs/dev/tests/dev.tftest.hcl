# `tofu test` (or `terraform test`) of the dev wiring with a mocked AWS provider and the key and table modules'
# outputs overridden: one API in the primary Region, the account settings optional.

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
  }
}

override_module {
  target = module.table
  outputs = {
    name = "items-api-dev"
    arn  = "arn:aws:dynamodb:us-east-1:111122223333:table/items-api-dev"
  }
}

run "one_api_in_the_primary_region" {
  command = plan

  assert {
    condition     = module.api.region == "us-east-1"
    error_message = "dev serves from its primary Region"
  }

  assert {
    condition     = length(module.api_gateway_cloudwatch_role) == 1
    error_message = "dev manages the API Gateway logging role by default"
  }

  assert {
    condition     = length(module.api.alarm_arns) == 0
    error_message = "dev has no alarms"
  }
}

run "exposes_its_outputs" {
  # apply against the mocked provider: Terraform (unlike OpenTofu) fills mocked computed values only at apply.
  command = apply

  assert {
    condition = (
      output.api_url != null && output.rest_api_id == "a1b2c3d4e5" && output.function_name != null &&
      output.table_name == "items-api-dev" && length(output.log_group_names) > 0
    )
    error_message = "dev must output its URL, API, function, table and log groups"
  }
}

run "leaves_the_account_settings_to_another_stack" {
  command = plan

  variables {
    manage_api_gateway_account = false
  }

  assert {
    condition     = length(module.api_gateway_cloudwatch_role) == 0
    error_message = "no logging role when another stack owns the account settings"
  }
}

run "rejects_a_replica_region_that_is_not_a_region" {
  command = plan

  variables {
    replica_region = "west"
  }

  expect_failures = [var.replica_region]
}
