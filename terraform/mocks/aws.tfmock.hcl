# The one mocked AWS provider of every tests/*.tftest.hcl under terraform/, in Terraform's mock file syntax.
# OpenTofu does not read mock files (`mock_provider { source = ... }`), so `npx nx run terraform:mocks` copies these
# blocks into a `mock_provider "aws"` block of each test file, and terraform/test/mock-provider.test.ts fails when a
# copy is stale. Values are syntactically real (the modules validate ARNs) and Region-neutral where assertions
# compare them; tests that need per-Region values override module outputs instead.

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

# The account baseline's record of API Gateway's logging role (lambda-api checks every Region has one).
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

# The token issuer (cognito-auth): lambda-api validates the pool ARN it puts in the body.
mock_resource "aws_cognito_user_pool" {
  defaults = {
    arn      = "arn:aws:cognito-idp:us-east-1:111122223333:userpool/us-east-1_AbCdEfGhI"
    id       = "us-east-1_AbCdEfGhI"
    endpoint = "cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEfGhI"
  }
}
