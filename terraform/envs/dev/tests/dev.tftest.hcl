# `tofu test` (or `terraform test`) of the dev environment with a mocked AWS provider: the composition in one
# Region by default, in two by setting `regions`, without alarms, the API Gateway account settings optional.

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

run "one_region_by_default" {
  command = plan

  assert {
    condition     = toset(keys(output.api_urls)) == toset(["us-east-1"]) && toset(keys(output.table_arns_by_region)) == toset(["us-east-1"])
    error_message = "dev serves from one Region by default"
  }

  assert {
    condition     = length(output.alarm_topic_arns) == 0
    error_message = "dev has no alarms"
  }

  assert {
    condition     = keys(output.cursor_signing_key_parameters) == ["us-east-1"] && output.cursor_signing_key_parameters["us-east-1"].name == "/items-api-dev/cursor-signing-key"
    error_message = "`npm run cursor-key` must find dev's parameter in its outputs"
  }
}

run "exposes_its_outputs" {
  # apply against the mocked provider: Terraform (unlike OpenTofu) fills mocked computed values only at apply.
  command = apply

  assert {
    condition = (
      output.api_url == output.api_urls["us-east-1"] && output.rest_api_ids["us-east-1"] == "a1b2c3d4e5" &&
      output.function_names["us-east-1"] == "items-api-dev" && length(output.log_group_names["us-east-1"]) == 3 &&
      output.table_names == { for resource, _ in jsondecode(file("../../../openapi/generated/infrastructure.json")).tables : resource => "items-api-dev-${resource}" }
    )
    error_message = "dev must output its URL, API, function, each resource's table (items-api-dev-<resource>) and log groups"
  }

  # What `npm run stage-env -- --env dev` reads with its default --client writer and --reader reader.
  assert {
    condition = (
      toset(keys(output.auth.client_ids)) == toset(["writer", "reader"]) && toset(keys(output.api_key_ids["us-east-1"])) == toset(["writer", "reader"]) &&
      output.auth.user_pool_id == "us-east-1_AbCdEfGhI" && startswith(output.auth.token_endpoint, "https://items-api-dev-111122223333.auth.us-east-1.amazoncognito.com/")
    )
    error_message = "dev must output the pool, token endpoint, client IDs and API key IDs of its default writer and reader clients"
  }
}

# A dev deployed before the contract declared resources keeps its table (README: Upgrading): items's then, here the
# contract's first resource, so the test holds whichever resources it declares.
run "keeps_the_table_of_an_earlier_deployment" {
  command = apply

  variables {
    table_names = { (keys(jsondecode(file("../../../openapi/generated/infrastructure.json")).tables)[0]) = "items-api-dev" }
  }

  assert {
    condition     = values(output.table_names)[0] == "items-api-dev"
    error_message = "table_names must reach the composition"
  }
}

run "two_regions_by_setting_one_variable" {
  command = plan

  variables {
    regions = ["us-east-1", "us-west-2"]
  }

  # Mocked ARNs cannot differ per Region; the key and table modules' outputs stand in for them.
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
      name = "items-api-dev"
      arns_by_region = {
        "us-east-1" = "arn:aws:dynamodb:us-east-1:111122223333:table/items-api-dev"
        "us-west-2" = "arn:aws:dynamodb:us-west-2:111122223333:table/items-api-dev"
      }
    }
  }

  assert {
    condition     = toset(keys(output.api_urls)) == toset(["us-east-1", "us-west-2"]) && toset(keys(output.function_names)) == toset(["us-east-1", "us-west-2"])
    error_message = "with two Regions dev is active-active like prod"
  }
}
