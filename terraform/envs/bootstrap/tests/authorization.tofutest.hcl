# The bootstrap applied against the mocked AWS provider for the mocked authorization check
# (terraform/authorization/mocked.ts, `npx nx run terraform:authorize`): its state stands for the applied one, so
# each resource whose ARN the simulations compare gets here the ARN AWS gives it (from its name, Region and the
# mocked account 111122223333), distinct per resource. Overrides cannot name one instance of a for_each: a resource
# with an instance per environment or Region (the deploy roles, the baseline's per-Region settings) gets the ARN of
# its first instance here, and mocked.ts gives every other instance its own (authorization/mocked-state.ts).
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

run "applies_with_the_deploy_identity" {
  command = apply

  variables {
    state_bucket_name = "items-api-state-111122223333"
    github_repository = "example/items-api"
    regions           = ["us-east-1", "us-west-2"]
  }

  override_resource {
    target = module.account_baseline.module.cloudwatch_role.aws_iam_role.this
    values = { arn = "arn:aws:iam::111122223333:role/items-api-apigateway-cloudwatch", id = "items-api-apigateway-cloudwatch" }
  }

  override_resource {
    target = module.deploy_identity.aws_iam_role.plan
    values = { arn = "arn:aws:iam::111122223333:role/github-deploy-dev-plan", id = "github-deploy-dev-plan" }
  }

  override_resource {
    target = module.deploy_identity.aws_iam_role.apply
    values = { arn = "arn:aws:iam::111122223333:role/github-deploy-dev-apply", id = "github-deploy-dev-apply" }
  }

  override_resource {
    target = module.deploy_identity.aws_iam_policy.boundary
    values = { arn = "arn:aws:iam::111122223333:policy/github-deploy-dev-boundary", id = "arn:aws:iam::111122223333:policy/github-deploy-dev-boundary" }
  }

  override_resource {
    target = module.deploy_identity.aws_iam_policy.read
    values = { arn = "arn:aws:iam::111122223333:policy/github-deploy-dev-read", id = "arn:aws:iam::111122223333:policy/github-deploy-dev-read" }
  }

  override_resource {
    target = module.deploy_identity.aws_iam_policy.write
    values = { arn = "arn:aws:iam::111122223333:policy/github-deploy-dev-write", id = "arn:aws:iam::111122223333:policy/github-deploy-dev-write" }
  }

  override_resource {
    target = module.deploy_identity.aws_iam_policy.cognito_write
    values = { arn = "arn:aws:iam::111122223333:policy/github-deploy-dev-cognito-write", id = "arn:aws:iam::111122223333:policy/github-deploy-dev-cognito-write" }
  }

  override_resource {
    target = module.deploy_identity.aws_iam_openid_connect_provider.github
    values = { arn = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com" }
  }

  override_resource {
    target = module.state_bucket.aws_s3_bucket.this
    values = { arn = "arn:aws:s3:::items-api-state-111122223333", id = "items-api-state-111122223333" }
  }

  assert {
    condition     = output.github_plan_role_arns.dev == "arn:aws:iam::111122223333:role/github-deploy-dev-plan" && output.github_permissions_boundary_arns.dev == "arn:aws:iam::111122223333:policy/github-deploy-dev-boundary"
    error_message = "the deploy identity's outputs are the ARNs AWS gives its roles and boundary"
  }
}
