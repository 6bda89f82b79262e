# `tofu test` (or `terraform test`) of API Gateway's execution role for the operations served from DynamoDB
# directly (dynamodb-integration.tf), mocked AWS provider: with the generated contract and with the fixtures of
# tests/fixtures/variants.json (all-lambda: no role; direct: items read and deleted directly; two-resources).

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
  name                = "items-api-test"
  region              = "eu-west-1"
  openapi_body_path   = "../../../openapi/generated/apigateway-body.json"
  infrastructure_path = "../../../openapi/generated/infrastructure.json"
  handler_zip_path    = "tests/fixtures/handler.zip"
  # Every resource of the contract, its table named as items-api names it.
  tables = {
    for resource, _ in jsondecode(file("../../../openapi/generated/infrastructure.json")).tables : resource => {
      name = "items-api-test-${resource}"
      arn  = "arn:aws:dynamodb:eu-west-1:111122223333:table/items-api-test-${resource}"
    }
  }
  kms_key_arn         = "arn:aws:kms:eu-west-1:111122223333:key/mrk-1234567890abcdef1234567890abcdef"
  kms_key_policy_json = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"FromKmsMultiregion\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:root\"},\"Action\":\"kms:DescribeKey\",\"Resource\":\"*\"}]}"
  tags                = { Project = "items-api" }
  # The one issuer, in another Region than this API (prod's secondary Region trusts the primary's pool).
  cognito_user_pool_arn = "arn:aws:cognito-idp:us-east-1:111122223333:userpool/us-east-1_AbCdEfGhI"
}

run "no_role_when_no_operation_is_served_directly" {
  command = plan

  variables {
    openapi_body_path   = "tests/fixtures/all-lambda/apigateway-body.json"
    infrastructure_path = "tests/fixtures/all-lambda/infrastructure.json"
    tables = {
      for resource, _ in jsondecode(file("tests/fixtures/all-lambda/infrastructure.json")).tables : resource => {
        name = "items-api-test-${resource}"
        arn  = "arn:aws:dynamodb:eu-west-1:111122223333:table/items-api-test-${resource}"
      }
    }
  }

  assert {
    condition     = length(aws_iam_role.dynamodb_integration) == 0 && length(aws_iam_role_policy.dynamodb_integration) == 0
    error_message = "without a dynamodb-served operation there must be no API Gateway execution role"
  }

  assert {
    condition     = !strcontains(aws_api_gateway_rest_api.this.body, local.dynamodb_integration_role_arn)
    error_message = "a body without dynamodb integrations must not name the role"
  }
}

run "role_for_the_direct_operations" {
  command = plan

  variables {
    openapi_body_path   = "tests/fixtures/direct/apigateway-body.json"
    infrastructure_path = "tests/fixtures/direct/infrastructure.json"
    tables = {
      for resource, _ in jsondecode(file("tests/fixtures/direct/infrastructure.json")).tables : resource => {
        name = "items-api-test-${resource}"
        arn  = "arn:aws:dynamodb:eu-west-1:111122223333:table/items-api-test-${resource}"
      }
    }
  }

  assert {
    condition     = length(aws_iam_role.dynamodb_integration) == 1 && aws_iam_role.dynamodb_integration["this"].name == "items-api-test-direct-eu-west-1"
    error_message = "one execution role per Region when some operation is served from DynamoDB directly"
  }

  assert {
    condition = {
      for statement in local.dynamodb_integration_policy.Statement : statement.Sid => {
        actions   = toset(statement.Action)
        resources = toset(statement.Resource)
      } if statement.Sid != "DecryptThroughDynamoDB"
      } == {
      for resource, actions in jsondecode(file(var.infrastructure_path)).integrations.dynamodb.tables : "${title(resource)}TableInThisRegion" => {
        actions   = toset(actions)
        resources = toset([var.tables[resource].arn])
      } if length(actions) > 0
    }
    error_message = "the role must grant, per table, exactly the dynamodb integration's actions on it from infrastructure.json (integrations.dynamodb.tables), on this Region's table only"
  }

  assert {
    condition     = one([for statement in local.dynamodb_integration_policy.Statement : statement.Resource if statement.Sid == "ItemsTableInThisRegion"]) == ["arn:aws:dynamodb:eu-west-1:111122223333:table/items-api-test-items"]
    error_message = "the items table's grant must name the items table (the fixture serves items directly)"
  }

  assert {
    condition = [
      for statement in local.dynamodb_integration_policy.Statement : {
        actions   = toset(statement.Action)
        resources = toset(statement.Resource)
        condition = statement.Condition
      } if statement.Sid == "DecryptThroughDynamoDB"
      ] == [{
        actions   = toset(["kms:Decrypt"])
        resources = toset([var.kms_key_arn])
        condition = { StringEquals = { "kms:ViaService" = ["dynamodb.eu-west-1.amazonaws.com"] } }
    }]
    error_message = "the key may only be used to decrypt, through DynamoDB in this Region"
  }

  assert {
    condition     = length(local.dynamodb_integration_policy.Statement) == 1 + length(local.dynamodb_integration_table_statements)
    error_message = "the role's policy holds the tables' actions and the key's decryption, nothing else"
  }

  assert {
    condition = (
      local.assume_apigateway_policy.Statement[0].Principal == { Service = ["apigateway.amazonaws.com"] } &&
      !contains(keys(local.assume_apigateway_policy.Statement[0]), "Condition")
    )
    error_message = "only API Gateway may assume the role, without source conditions (API Gateway does not set them for integration credentials)"
  }

  assert {
    condition = alltrue([
      for statement in local.lambda_policy.Statement : length(setintersection(statement.Action, jsondecode(file(var.infrastructure_path)).integrations.dynamodb.dynamodbActions)) == 0
    ])
    error_message = "the function's role must keep only the Lambda-served operations' actions"
  }

  assert {
    condition = alltrue([
      for action in jsondecode(file(var.infrastructure_path)).integrations.dynamodb.dynamodbActions :
      strcontains(aws_api_gateway_rest_api.this.body, "arn:aws:apigateway:eu-west-1:dynamodb:action/${trimprefix(action, "dynamodb:")}")
    ])
    error_message = "each direct operation must call its DynamoDB action in this Region"
  }

  assert {
    condition     = strcontains(aws_api_gateway_rest_api.this.body, "\"credentials\": \"${local.dynamodb_integration_role_arn}\"") && local.dynamodb_integration_role_arn == "arn:aws:iam::111122223333:role/items-api-test-direct-eu-west-1"
    error_message = "the body must name the role by its ARN, built from its name"
  }

  assert {
    condition     = strcontains(aws_api_gateway_rest_api.this.body, "{\\\"TableName\\\":\\\"items-api-test-items\\\",")
    error_message = "the request templates must name this Region's table"
  }

  assert {
    # "$" then "{" joined: a literal escaped dollar-brace here makes checkov's HCL parser time out.
    condition     = !strcontains(aws_api_gateway_rest_api.this.body, join("", ["$", "{"]))
    error_message = "templatefile must fill every variable of the body"
  }
}

# An API of two resources (tests/fixtures/variants.json): items, read and deleted directly, and notes, keyed by the
# client and read through the Lambda, deleted directly: each table its own grants, named and placed per resource.
run "grants_per_table_with_two_resources" {
  command = plan

  variables {
    openapi_body_path   = "tests/fixtures/two-resources/apigateway-body.json"
    infrastructure_path = "tests/fixtures/two-resources/infrastructure.json"
    tables = {
      for resource, _ in jsondecode(file("tests/fixtures/two-resources/infrastructure.json")).tables : resource => {
        name = "items-api-test-${resource}"
        arn  = "arn:aws:dynamodb:eu-west-1:111122223333:table/items-api-test-${resource}"
      }
    }
  }

  assert {
    condition     = toset(keys(var.tables)) == toset(["items", "notes"])
    error_message = "the fixture must declare two resources"
  }

  assert {
    condition = {
      for kind, policy in { lambda = local.lambda_policy, dynamodb = local.dynamodb_integration_policy } : kind => {
        for statement in policy.Statement : statement.Sid => {
          actions   = toset(statement.Action)
          resources = toset(statement.Resource)
        } if anytrue([for action in statement.Action : startswith(action, "dynamodb:")])
      }
      } == {
      for kind, integration in jsondecode(file(var.infrastructure_path)).integrations : kind => {
        for resource, actions in integration.tables : "${title(resource)}TableInThisRegion" => {
          actions   = toset(actions)
          resources = toset(["arn:aws:dynamodb:eu-west-1:111122223333:table/items-api-test-${resource}"])
        }
      }
    }
    error_message = "the function's role and the direct integration's must each hold one statement per table, its kind's operations' actions on that table (integrations.<kind>.tables), on that table alone"
  }

  assert {
    # The two resources' operations differ (notes has no create, and reads through the Lambda), so a grant
    # of one table's actions on the other would show here.
    condition = (
      jsondecode(file(var.infrastructure_path)).integrations.lambda.tables.notes != jsondecode(file(var.infrastructure_path)).integrations.lambda.tables.items &&
      jsondecode(file(var.infrastructure_path)).integrations.dynamodb.tables.notes != jsondecode(file(var.infrastructure_path)).integrations.dynamodb.tables.items
    )
    error_message = "the fixture must give the two tables different actions"
  }

  assert {
    condition     = jsondecode(aws_lambda_function.this.environment[0].variables["TABLE_NAMES"]) == { items = "items-api-test-items", notes = "items-api-test-notes" }
    error_message = "TABLE_NAMES must name both resources' tables"
  }

  assert {
    condition = (
      strcontains(aws_api_gateway_rest_api.this.body, "{\\\"TableName\\\":\\\"items-api-test-notes\\\",") &&
      strcontains(aws_api_gateway_rest_api.this.body, "{\\\"TableName\\\":\\\"items-api-test-items\\\",")
    )
    error_message = "each direct operation's request template must name its own resource's table"
  }
}
