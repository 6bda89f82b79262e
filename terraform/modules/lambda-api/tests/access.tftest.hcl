# `tofu test` (or `terraform test`) of lambda-api's access control (issue 14) with a mocked AWS provider: the
# Cognito authorizer and per-method scopes of the imported body, the usage plans and API keys, and the gateway
# responses of refused requests. Every expectation is read from the generated body and infrastructure.json.

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
  kms_key_arn           = "arn:aws:kms:eu-west-1:111122223333:key/mrk-1234567890abcdef1234567890abcdef"
  kms_key_policy_json   = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
  tags                  = { Project = "items-api" }
  cognito_user_pool_arn = "arn:aws:cognito-idp:us-east-1:111122223333:userpool/us-east-1_AbCdEfGhI"
  # A writer and a reader client on every plan the contract declares.
  api_keys = merge([
    for plan in keys(jsondecode(file("../../../openapi/generated/infrastructure.json")).access.usagePlans) :
    { "writer-${plan}" = plan, "reader-${plan}" = plan }
  ]...)
}

run "authorizes_every_secured_method_with_the_one_pool_and_its_scope" {
  command = plan

  assert {
    condition     = !strcontains(aws_api_gateway_rest_api.this.body, "cognito_user_pool_arn")
    error_message = "the body must have the user pool ARN substituted everywhere"
  }

  assert {
    condition     = jsondecode(aws_api_gateway_rest_api.this.body)["x-amazon-apigateway-api-key-source"] == "HEADER"
    error_message = "API keys must be read from the x-api-key header"
  }

  # Exactly one Cognito authorizer, trusting exactly the given pool (the same ARN in every Region).
  assert {
    condition = length({ for name, scheme in jsondecode(aws_api_gateway_rest_api.this.body).components.securitySchemes : name => scheme if try(scheme["x-amazon-apigateway-authtype"], "") == "cognito_user_pools" }) == 1 && alltrue([
      for scheme in values({ for name, scheme in jsondecode(aws_api_gateway_rest_api.this.body).components.securitySchemes : name => scheme if try(scheme["x-amazon-apigateway-authtype"], "") == "cognito_user_pools" }) :
      scheme["x-amazon-apigateway-authorizer"].type == "cognito_user_pools" && scheme["x-amazon-apigateway-authorizer"].providerARNs == [var.cognito_user_pool_arn]
    ])
    error_message = "the body must declare one cognito_user_pools authorizer whose only provider is cognito_user_pool_arn"
  }

  # Each operation of infrastructure.json: its scopes (full names) on the authorizer and the API key when it needs
  # them, one requirement object; no security at all when public (GET /health).
  assert {
    condition = alltrue([
      for id, op in local.infrastructure.operations :
      jsonencode(try(jsondecode(aws_api_gateway_rest_api.this.body).paths[op.path][lower(op.method)].security, [])) == jsonencode(
        length(op.scopes) == 0 && !op.apiKeyRequired ? [] : [merge(
          { for name, _ in { for name, scheme in jsondecode(aws_api_gateway_rest_api.this.body).components.securitySchemes : name => scheme if try(scheme["x-amazon-apigateway-authtype"], "") == "cognito_user_pools" } : name => [for scope in op.scopes : "${local.infrastructure.access.resourceServer}/${scope}"] if length(op.scopes) > 0 },
          { for name, _ in { for name, scheme in jsondecode(aws_api_gateway_rest_api.this.body).components.securitySchemes : name => scheme if scheme.type == "apiKey" && scheme.name == local.infrastructure.access.apiKeyHeader && !can(scheme["x-amazon-apigateway-authtype"]) } : name => [] if op.apiKeyRequired },
        )]
      )
    ])
    error_message = "every method must require exactly its operation's scopes (full names) and API key, and public ones nothing"
  }

  assert {
    condition     = anytrue([for op in values(local.infrastructure.operations) : length(op.scopes) > 0]) && anytrue([for op in values(local.infrastructure.operations) : !op.apiKeyRequired])
    error_message = "the contract is expected to have secured operations and a public one (GET /health); check the assertions above still mean something"
  }

  # CORS preflights stay open: a browser sends no credentials with them.
  assert {
    condition     = alltrue([for path, item in jsondecode(aws_api_gateway_rest_api.this.body).paths : !can(item.options.security) if can(item.options)])
    error_message = "CORS preflights (OPTIONS) must not require authorization"
  }
}

run "refuses_with_problem_details_a_browser_can_read" {
  command = plan

  assert {
    condition = alltrue([
      for type, status in {
        UNAUTHORIZED = 401, ACCESS_DENIED = 403, INVALID_API_KEY = 403, MISSING_AUTHENTICATION_TOKEN = null,
        THROTTLED    = 429, QUOTA_EXCEEDED = 429, EXPIRED_TOKEN = null
      } :
      jsondecode(aws_api_gateway_rest_api.this.body)["x-amazon-apigateway-gateway-responses"][type].responseParameters["gatewayresponse.header.Content-Type"] == "'application/problem+json'" &&
      can(jsondecode(aws_api_gateway_rest_api.this.body)["x-amazon-apigateway-gateway-responses"][type].responseParameters["gatewayresponse.header.Access-Control-Allow-Origin"]) &&
      jsondecode(jsondecode(aws_api_gateway_rest_api.this.body)["x-amazon-apigateway-gateway-responses"][type].responseTemplates["application/json"]).status == tonumber(jsondecode(aws_api_gateway_rest_api.this.body)["x-amazon-apigateway-gateway-responses"][type].statusCode) &&
      (status == null || tonumber(jsondecode(aws_api_gateway_rest_api.this.body)["x-amazon-apigateway-gateway-responses"][type].statusCode) == status)
    ])
    error_message = "401 (UNAUTHORIZED), 403 (ACCESS_DENIED, INVALID_API_KEY), 429 (THROTTLED, QUOTA_EXCEEDED) and the other refusals must be problem+json with CORS headers"
  }
}

run "a_usage_plan_per_contract_plan_and_a_key_per_client" {
  # apply against the mocked provider: Terraform (unlike OpenTofu) fills mocked computed values only at apply.
  command = apply

  assert {
    condition     = toset(keys(aws_api_gateway_usage_plan.this)) == toset(keys(local.infrastructure.access.usagePlans))
    error_message = "one usage plan per plan of the contract"
  }

  assert {
    condition = alltrue([
      for name, plan in local.infrastructure.access.usagePlans : (
        aws_api_gateway_usage_plan.this[name].region == "eu-west-1" &&
        one(aws_api_gateway_usage_plan.this[name].api_stages).api_id == aws_api_gateway_rest_api.this.id &&
        one(aws_api_gateway_usage_plan.this[name].api_stages).stage == aws_api_gateway_stage.this.stage_name &&
        (can(plan.throttle) ? (
          one(aws_api_gateway_usage_plan.this[name].throttle_settings).rate_limit == plan.throttle.rateLimit &&
          one(aws_api_gateway_usage_plan.this[name].throttle_settings).burst_limit == plan.throttle.burstLimit
        ) : length(aws_api_gateway_usage_plan.this[name].throttle_settings) == 0) &&
        (can(plan.quota) ? (
          one(aws_api_gateway_usage_plan.this[name].quota_settings).limit == plan.quota.limit &&
          one(aws_api_gateway_usage_plan.this[name].quota_settings).period == plan.quota.period &&
          one(aws_api_gateway_usage_plan.this[name].quota_settings).offset == try(plan.quota.offset, 0)
        ) : length(aws_api_gateway_usage_plan.this[name].quota_settings) == 0)
      )
    ])
    error_message = "each usage plan must be bound to this stage with the contract's throttle and quota"
  }

  assert {
    condition = toset(keys(aws_api_gateway_api_key.this)) == toset(keys(var.api_keys)) && alltrue([
      for client, plan in var.api_keys :
      aws_api_gateway_api_key.this[client].enabled && aws_api_gateway_api_key.this[client].name == "items-api-test-${client}" &&
      aws_api_gateway_usage_plan_key.this[client].key_id == aws_api_gateway_api_key.this[client].id &&
      aws_api_gateway_usage_plan_key.this[client].key_type == "API_KEY" &&
      aws_api_gateway_usage_plan_key.this[client].usage_plan_id == aws_api_gateway_usage_plan.this[plan].id
    ])
    error_message = "every client must get an enabled API key on its usage plan"
  }

  assert {
    condition     = output.api_key_ids == { for client, key in aws_api_gateway_api_key.this : client => key.id } && output.usage_plan_ids == { for name, plan in aws_api_gateway_usage_plan.this : name => plan.id }
    error_message = "the module outputs the key and plan IDs (never a key value)"
  }
}

run "no_keys_without_clients" {
  command = plan

  variables {
    api_keys = {}
  }

  assert {
    condition     = length(aws_api_gateway_api_key.this) == 0 && length(aws_api_gateway_usage_plan_key.this) == 0 && length(aws_api_gateway_usage_plan.this) == length(local.infrastructure.access.usagePlans)
    error_message = "without clients there are no keys, and the plans still exist"
  }
}

run "refuses_a_key_on_a_plan_the_contract_does_not_declare" {
  command = plan

  variables {
    api_keys = { writer = "no-such-plan" }
  }

  expect_failures = [var.api_keys]
}

run "refuses_a_client_name_that_cannot_name_a_key" {
  command = plan

  variables {
    api_keys = { "Writer Client" = keys(jsondecode(file("../../../openapi/generated/infrastructure.json")).access.usagePlans)[0] }
  }

  expect_failures = [var.api_keys]
}

run "refuses_an_authorizer_pool_that_is_not_a_user_pool" {
  command = plan

  variables {
    cognito_user_pool_arn = "arn:aws:cognito-identity:us-east-1:111122223333:identitypool/us-east-1:0000"
  }

  expect_failures = [var.cognito_user_pool_arn]
}
