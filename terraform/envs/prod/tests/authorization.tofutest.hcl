# The prod environment applied against the mocked AWS provider for the mocked authorization check
# (terraform/authorization/mocked.ts, `npx nx run terraform:authorize`), as the deploy workflow applies it: with
# the boundary and key administrators envs/bootstrap's tests/authorization.tofutest.hcl outputs for prod. Its state
# stands for the applied one, so each resource whose ARN the simulations compare gets here the ARN AWS gives it
# (from its name, Region and the mocked account 111122223333), distinct per resource. An override cannot name one
# instance of a for_each: a resource with an instance per Region gets its us-east-1 instance's ARN here, and mocked.ts
# gives every other instance its own (authorization/mocked-state.ts).
# OpenTofu only (.tofutest.hcl, which Terraform skips): mocked.ts runs OpenTofu, and Terraform 1.11 does not apply
# an override to a resource of a module called with count (the bootstrap's deploy_identity).

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

run "applies_as_the_deploy_workflow_does" {
  command = apply

  variables {
    regions                  = ["us-east-1", "us-west-2"]
    permissions_boundary_arn = "arn:aws:iam::111122223333:policy/github-deploy-prod-boundary"
    key_administrator_arns   = ["arn:aws:iam::111122223333:role/github-deploy-prod-apply"]
  }

  override_resource {
    target = module.items_api.module.kms.aws_kms_key.primary
    values = {
      arn    = "arn:aws:kms:us-east-1:111122223333:key/mrk-1c6d2f3a4b5e6f7a8b9c0d1e2f3a4b5c"
      key_id = "mrk-1c6d2f3a4b5e6f7a8b9c0d1e2f3a4b5c"
    }
  }

  override_resource {
    target = module.items_api.module.kms.aws_kms_replica_key.this
    values = {
      arn    = "arn:aws:kms:us-west-2:111122223333:key/mrk-1c6d2f3a4b5e6f7a8b9c0d1e2f3a4b5c"
      key_id = "mrk-1c6d2f3a4b5e6f7a8b9c0d1e2f3a4b5c"
    }
  }

  override_resource {
    target = module.items_api.aws_sns_topic.alarms
    values = { arn = "arn:aws:sns:us-east-1:111122223333:items-api-prod-alarms" }
  }

  override_resource {
    target = module.items_api.module.api.aws_iam_role.lambda
    values = { arn = "arn:aws:iam::111122223333:role/items-api-prod-lambda-us-east-1", id = "items-api-prod-lambda-us-east-1" }
  }

  override_resource {
    target = module.items_api.module.api.aws_iam_role.dynamodb_integration
    values = { arn = "arn:aws:iam::111122223333:role/items-api-prod-direct-us-east-1", id = "items-api-prod-direct-us-east-1" }
  }

  override_resource {
    target = module.items_api.module.api.aws_lambda_function.this
    values = {
      arn        = "arn:aws:lambda:us-east-1:111122223333:function:items-api-prod"
      invoke_arn = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:111122223333:function:items-api-prod/invocations"
    }
  }

  override_resource {
    target = module.items_api.module.api.aws_cloudwatch_log_group.lambda
    values = { arn = "arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/items-api-prod" }
  }

  override_resource {
    target = module.items_api.module.api.aws_cloudwatch_log_group.access
    values = { arn = "arn:aws:logs:us-east-1:111122223333:log-group:/aws/apigateway/items-api-prod/v1/access" }
  }

  override_resource {
    target = module.items_api.module.api.aws_api_gateway_rest_api.this
    values = { id = "k7m2p9x4q1", execution_arn = "arn:aws:execute-api:us-east-1:111122223333:k7m2p9x4q1" }
  }

  override_resource {
    target = module.items_api.module.api.aws_cloudwatch_log_group.execution
    values = { arn = "arn:aws:logs:us-east-1:111122223333:log-group:API-Gateway-Execution-Logs_k7m2p9x4q1/v1" }
  }

  assert {
    condition = output.kms_key_arns_by_region == {
      "us-east-1" = "arn:aws:kms:us-east-1:111122223333:key/mrk-1c6d2f3a4b5e6f7a8b9c0d1e2f3a4b5c",
      "us-west-2" = "arn:aws:kms:us-west-2:111122223333:key/mrk-1c6d2f3a4b5e6f7a8b9c0d1e2f3a4b5c"
    }
    error_message = "each Region's key has the ARN AWS gives a multi-Region key there"
  }
}
