# `tofu test` (or `terraform test`) with a mocked AWS provider: the user pool, its domain, the resource server's
# scopes and one client_credentials app client per machine client, the outputs derived from them, and every input
# validation. No AWS credentials, no network.

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

# The pool's computed attributes as Cognito returns them, so the outputs derived from them can be asserted.
override_resource {
  target = aws_cognito_user_pool.this
  values = {
    id       = "eu-west-1_AbCdEfGhI"
    arn      = "arn:aws:cognito-idp:eu-west-1:111122223333:userpool/eu-west-1_AbCdEfGhI"
    endpoint = "cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEfGhI"
  }
}

variables {
  name                       = "items-api-test"
  region                     = "eu-west-1"
  domain_prefix              = "items-api-test-111122223333"
  resource_server_identifier = "items"
  scopes = {
    "items:read"  = "Read items"
    "items:write" = "Create, replace and delete items"
  }
  machine_clients = {
    reader = { scopes = ["items:read"] }
    writer = { scopes = ["items:read", "items:write"], access_token_validity_minutes = 15 }
  }
}

run "machine_clients_get_client_credentials_only" {
  command = apply

  assert {
    condition     = aws_cognito_user_pool.this.deletion_protection == "ACTIVE" && aws_cognito_user_pool.this.user_pool_add_ons[0].advanced_security_mode == "OFF" && aws_cognito_user_pool.this.user_pool_tier == "ESSENTIALS"
    error_message = "By default the pool is deletion-protected, with threat protection off on the Essentials plan."
  }

  assert {
    condition     = aws_cognito_user_pool.this.admin_create_user_config[0].allow_admin_create_user_only && aws_cognito_user_pool.this.region == "eu-west-1"
    error_message = "Nobody may sign up, and the pool lives in the given Region."
  }

  assert {
    condition     = aws_cognito_resource_server.this.identifier == "items" && toset([for scope in aws_cognito_resource_server.this.scope : scope.scope_name]) == toset(["items:read", "items:write"])
    error_message = "The resource server must declare exactly the scopes given."
  }

  assert {
    condition     = aws_cognito_user_pool_domain.this.domain == "items-api-test-111122223333" && aws_cognito_user_pool_domain.this.user_pool_id == "eu-west-1_AbCdEfGhI"
    error_message = "The domain must be the prefix, on this pool."
  }

  assert {
    condition = alltrue([
      for client in aws_cognito_user_pool_client.machine :
      client.generate_secret && client.allowed_oauth_flows_user_pool_client && toset(client.allowed_oauth_flows) == toset(["client_credentials"]) && toset(client.supported_identity_providers) == toset(["COGNITO"]) && toset(client.explicit_auth_flows) == toset(["ALLOW_REFRESH_TOKEN_AUTH"]) && client.token_validity_units[0].access_token == "minutes"
    ])
    error_message = "Every machine client must be confidential and allowed the client_credentials flow only."
  }

  assert {
    condition     = toset(aws_cognito_user_pool_client.machine["reader"].allowed_oauth_scopes) == toset(["items/items:read"]) && toset(aws_cognito_user_pool_client.machine["writer"].allowed_oauth_scopes) == toset(["items/items:read", "items/items:write"])
    error_message = "Each client must be allowed exactly its scopes, by full name."
  }

  assert {
    condition     = aws_cognito_user_pool_client.machine["reader"].access_token_validity == 60 && aws_cognito_user_pool_client.machine["writer"].access_token_validity == 15
    error_message = "Access token validity must default to 60 minutes and follow a client's own setting."
  }

  assert {
    condition     = output.issuer_url == "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEfGhI" && output.jwks_url == "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEfGhI/.well-known/jwks.json"
    error_message = "The issuer and JWKS URLs must be the pool's."
  }

  assert {
    condition     = output.token_endpoint == "https://items-api-test-111122223333.auth.eu-west-1.amazoncognito.com/oauth2/token"
    error_message = "The token endpoint must be on the pool's domain in the pool's Region."
  }

  assert {
    condition     = output.scope_identifiers == { "items:read" = "items/items:read", "items:write" = "items/items:write" } && toset(keys(output.client_ids)) == toset(["reader", "writer"])
    error_message = "Outputs must name every scope by its full name and every client by its name."
  }

  assert {
    condition     = output.user_pool_arn == "arn:aws:cognito-idp:eu-west-1:111122223333:userpool/eu-west-1_AbCdEfGhI" && output.user_pool_id == "eu-west-1_AbCdEfGhI"
    error_message = "The pool's ARN and ID must be outputs."
  }
}

run "threat_protection_selects_plus_and_deletion_protection_can_be_off" {
  command = plan

  variables {
    threat_protection_mode = "ENFORCED"
    deletion_protection    = false
  }

  assert {
    condition     = aws_cognito_user_pool.this.user_pool_tier == "PLUS" && aws_cognito_user_pool.this.user_pool_add_ons[0].advanced_security_mode == "ENFORCED" && aws_cognito_user_pool.this.deletion_protection == "INACTIVE"
    error_message = "Threat protection must select the Plus plan, and deletion protection must follow the variable."
  }
}

run "rejects_a_client_scope_not_declared" {
  command = plan
  variables {
    machine_clients = { reader = { scopes = ["items:delete"] } }
  }
  expect_failures = [var.machine_clients]
}

run "rejects_a_client_without_scopes" {
  command = plan
  variables {
    machine_clients = { reader = { scopes = [] } }
  }
  expect_failures = [var.machine_clients]
}

run "rejects_a_token_validity_outside_cognito_range" {
  command = plan
  variables {
    machine_clients = { reader = { scopes = ["items:read"], access_token_validity_minutes = 2 } }
  }
  expect_failures = [var.machine_clients]
}

run "rejects_no_machine_clients" {
  command = plan
  variables {
    machine_clients = {}
  }
  expect_failures = [var.machine_clients]
}

run "rejects_a_domain_prefix_with_a_reserved_word" {
  command = plan
  variables {
    domain_prefix = "items-cognito"
  }
  expect_failures = [var.domain_prefix]
}

run "rejects_an_uppercase_domain_prefix" {
  command = plan
  variables {
    domain_prefix = "Items"
  }
  expect_failures = [var.domain_prefix]
}

run "rejects_a_scope_name_with_a_slash" {
  command = plan
  variables {
    scopes          = { "items/read" = "Read items" }
    machine_clients = { reader = { scopes = ["items/read"] } }
  }
  expect_failures = [var.scopes]
}

run "rejects_no_scopes" {
  command = plan
  variables {
    scopes          = {}
    machine_clients = { reader = { scopes = ["items:read"] } }
  }
  expect_failures = [var.scopes]
}

run "rejects_an_unknown_threat_protection_mode" {
  command = plan
  variables {
    threat_protection_mode = "ON"
  }
  expect_failures = [var.threat_protection_mode]
}

run "rejects_a_resource_server_identifier_with_spaces" {
  command = plan
  variables {
    resource_server_identifier = "items api"
  }
  expect_failures = [var.resource_server_identifier]
}

run "rejects_a_region_that_is_not_a_region_code" {
  command = plan
  variables {
    region = "Ireland"
  }
  expect_failures = [var.region]
}
