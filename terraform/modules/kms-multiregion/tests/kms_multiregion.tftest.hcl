# `tofu test` (or `terraform test`) with a mocked AWS provider: plans the primary key, its replicas and aliases, and
# checks the input validations. No AWS credentials, no network.

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
  alias_name             = "items-api-test"
  primary_region         = "us-east-1"
  replica_regions        = ["us-west-2", "eu-west-1"]
  key_administrator_arns = ["arn:aws:iam::111122223333:role/deploy-test-apply", "arn:aws:iam::111122223333:role/break-glass"]
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
      for statement in local.key_policy.Statement : [for action in statement.Action : !strcontains(action, "*")]
    ]))
    error_message = "the key policy must name every action (no kms:*)"
  }
}

run "rejects_an_execution_log_group_pattern" {
  # The old wildcard: API-Gateway-Execution-Logs_*/<stage> matched every API in the account with that stage name.
  command = plan

  variables {
    log_group_name_patterns = ["/aws/lambda/items-api-test", "API-Gateway-Execution-Logs_*/v1"]
  }

  expect_failures = [var.log_group_name_patterns]
}

run "creates_every_key_with_the_policy_it_outputs" {
  command = plan

  assert {
    condition     = aws_kms_key.primary.policy == output.policy_json && aws_kms_replica_key.this["us-west-2"].policy == output.policy_json
    error_message = "every key is created with policy_json (the caller's aws_kms_key_policy keeps it afterwards)"
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

run "administrators_are_exactly_the_listed_roles" {
  command = plan

  assert {
    condition = toset(one([
      for statement in local.key_policy.Statement : statement.Principal.AWS
      if statement.Sid == "KeyAdministration"
    ])) == toset(var.key_administrator_arns)
    error_message = "KeyAdministration must name exactly key_administrator_arns (never the session that ran the plan)"
  }
}

run "requires_explicit_administrators" {
  # Without them the session that planned became the administrator: in CI, the plan role every pull request assumes.
  command = plan

  variables {
    key_administrator_arns = []
  }

  expect_failures = [var.key_administrator_arns]
}

run "lets_ssm_use_the_key_for_the_listed_parameters_only" {
  command = plan

  variables {
    ssm_parameter_name_patterns = ["/items-api-test/*"]
  }

  assert {
    condition = toset(one([
      for statement in local.key_policy.Statement : statement.Condition.ArnLike["kms:EncryptionContext:PARAMETER_ARN"]
      if statement.Sid == "UseThroughSSMForListedParameters"
      ])) == toset([
      "arn:aws:ssm:us-east-1:111122223333:parameter/items-api-test/*",
      "arn:aws:ssm:eu-west-1:111122223333:parameter/items-api-test/*",
      "arn:aws:ssm:us-west-2:111122223333:parameter/items-api-test/*",
    ])
    error_message = "SSM may use the key only for the listed parameters, in every Region of the key"
  }

  assert {
    condition = toset(one([
      for statement in local.key_policy.Statement : statement.Action
      if statement.Sid == "UseThroughSSMForListedParameters"
    ])) == toset(["kms:Decrypt", "kms:Encrypt"])
    error_message = "SSM needs Encrypt (PutParameter) and Decrypt (GetParameter WithDecryption) for a standard SecureString, nothing more"
  }
}
