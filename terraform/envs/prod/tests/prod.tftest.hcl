# `tofu test` (or `terraform test`) of the prod environment with a mocked AWS provider, the key and table modules'
# outputs overridden (mocked ARNs cannot differ per Region): the API in every Region, each on its local replica and
# key, with alarms.

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
  # Required: the apply role and a break-glass role (never whoever runs the plan).
  key_administrator_arns = ["arn:aws:iam::111122223333:role/items-api-deploy-test-apply", "arn:aws:iam::111122223333:role/break-glass"]
}

override_module {
  target = module.items_api.module.kms
  outputs = {
    primary_key_arn = "arn:aws:kms:us-east-1:111122223333:key/mrk-1234567890abcdef1234567890abcdef"
    replica_key_arns = {
      "us-west-2" = "arn:aws:kms:us-west-2:111122223333:key/mrk-1234567890abcdef1234567890abcdef"
    }
    # What kms-multiregion builds every key with; lambda-api adds its execution-log statement to it.
    policy_json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
    key_arns_by_region = {
      "us-east-1" = "arn:aws:kms:us-east-1:111122223333:key/mrk-1234567890abcdef1234567890abcdef"
      "us-west-2" = "arn:aws:kms:us-west-2:111122223333:key/mrk-1234567890abcdef1234567890abcdef"
    }
  }
}

override_module {
  target = module.items_api.module.table
  outputs = {
    name = "items-api-prod-items"
    arns_by_region = {
      "us-east-1" = "arn:aws:dynamodb:us-east-1:111122223333:table/items-api-prod-items"
      "us-west-2" = "arn:aws:dynamodb:us-west-2:111122223333:table/items-api-prod-items"
    }
  }
}

run "active_active_in_every_region" {
  command = plan

  assert {
    condition = (
      toset(keys(output.api_urls)) == toset(["us-east-1", "us-west-2"]) && toset(keys(output.rest_api_ids)) == toset(["us-east-1", "us-west-2"]) &&
      toset(keys(output.table_arns_by_region)) == toset(["us-east-1", "us-west-2"]) && toset(keys(output.kms_key_arns_by_region)) == toset(["us-east-1", "us-west-2"])
    )
    error_message = "prod must output a URL, an API, a table replica and a key for every Region"
  }

  assert {
    condition     = toset(keys(output.alarm_topic_arns)) == toset(["us-east-1", "us-west-2"])
    error_message = "prod must have alarms, with a topic, in every Region"
  }

  assert {
    condition = {
      for region, parameter in output.cursor_signing_key_parameters : region => [parameter.name, parameter.kms_key_arn]
      } == {
      for region, key in output.kms_key_arns_by_region : region => ["/items-api-prod/cursor-signing-key", key]
    }
    error_message = "`npm run cursor-key` must find the parameter, and the key encrypting it, of every Region in prod's outputs"
  }
}

run "exposes_its_outputs" {
  # apply against the mocked provider: Terraform (unlike OpenTofu) fills mocked computed values only at apply.
  command = apply

  assert {
    condition     = output.api_url == output.api_urls["us-east-1"] && output.function_names["us-west-2"] == "items-api-prod" && toset(keys(output.table_names)) == toset(keys(jsondecode(file("../../../openapi/generated/infrastructure.json")).tables))
    error_message = "prod must output its primary URL, its functions and every resource's table"
  }

  # What `npm run stage-env -- --env prod [--region ...]` reads: one pool, and both clients' keys in every Region.
  assert {
    condition = (
      toset(keys(output.auth.client_ids)) == toset(["writer", "reader"]) && toset(keys(output.api_key_ids)) == toset(["us-east-1", "us-west-2"]) &&
      alltrue([for keys_by_client in values(output.api_key_ids) : toset(keys(keys_by_client)) == toset(["writer", "reader"])])
    )
    error_message = "prod must output its clients' IDs and their API key IDs in every Region"
  }
}
