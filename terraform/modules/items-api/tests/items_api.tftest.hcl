# `tofu test` (or `terraform test`) of the composition with a mocked AWS provider: the contract's facts reach the
# table and the APIs, every Region gets an API on its own replica and key, and the inputs it owns are validated.
# Runs with more than one Region override the key and table modules' outputs, whose mocked ARNs cannot be per Region.

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
  environment            = "test"
  key_administrator_arns = ["arn:aws:iam::111122223333:role/items-api-deploy-test-apply"]
  regions                = ["us-east-1"]
  stage_name             = "v1"
  # A client with every scope the contract declares and one with its first, on its first usage plan.
  api_clients = {
    writer = {
      scopes     = keys(jsondecode(file("../../../openapi/generated/infrastructure.json")).access.scopes)
      usage_plan = keys(jsondecode(file("../../../openapi/generated/infrastructure.json")).access.usagePlans)[0]
    }
    reader = {
      scopes                        = [keys(jsondecode(file("../../../openapi/generated/infrastructure.json")).access.scopes)[0]]
      usage_plan                    = keys(jsondecode(file("../../../openapi/generated/infrastructure.json")).access.usagePlans)[0]
      access_token_validity_minutes = 15
    }
  }
}

run "one_region_keyed_as_the_contract_says" {
  command = plan

  assert {
    condition = {
      for resource, table in module.table : resource => { partition_key = table.hash_key, sort_key = table.range_key }
      } == {
      for resource, table in jsondecode(file("../../../openapi/generated/infrastructure.json")).tables :
      resource => { partition_key = table.partitionKey.name, sort_key = tostring(try(table.sortKey.name, null)) }
    }
    error_message = "every resource of the contract gets its table, keyed as the contract says (tables in infrastructure.json)"
  }

  assert {
    condition     = toset(keys(module.api)) == toset(["us-east-1"]) && module.api["us-east-1"].region == "us-east-1" && output.primary_region == "us-east-1"
    error_message = "one Region means one API there, on the primaries"
  }

  assert {
    condition     = output.name == "items-api-test"
    error_message = "the name defaults to items-api-<environment>"
  }

  assert {
    condition     = toset(keys(aws_sns_topic.alarms)) == toset(["us-east-1"])
    error_message = "alarms (with their topic) are on by default"
  }
}

run "exposes_its_outputs" {
  # apply against the mocked provider: Terraform (unlike OpenTofu) fills mocked computed values only at apply.
  # It also evaluates the log_group_names precondition: every log group matches the key policy's patterns.
  command = apply

  assert {
    condition     = output.api_url == output.api_urls["us-east-1"] && output.rest_api_ids["us-east-1"] == "a1b2c3d4e5" && output.table_names == { for resource, _ in local.infrastructure.tables : resource => "items-api-test-${resource}" }
    error_message = "the composition must output the primary URL, the APIs and each resource's table, named <name>-<resource>"
  }

  assert {
    condition     = length(output.log_group_names["us-east-1"]) == 3
    error_message = "the composition must output every log group"
  }
}

run "active_active_in_every_region" {
  command = plan

  variables {
    regions = ["us-east-1", "us-west-2"]
  }

  override_module {
    target = module.kms
    outputs = {
      policy_json     = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
      primary_key_arn = "arn:aws:kms:us-east-1:111122223333:key/mrk-1234567890abcdef1234567890abcdef"
      replica_key_arns = {
        "us-west-2" = "arn:aws:kms:us-west-2:111122223333:key/mrk-1234567890abcdef1234567890abcdef"
      }
      key_arns_by_region = {
        "us-east-1" = "arn:aws:kms:us-east-1:111122223333:key/mrk-1234567890abcdef1234567890abcdef"
        "us-west-2" = "arn:aws:kms:us-west-2:111122223333:key/mrk-1234567890abcdef1234567890abcdef"
      }
    }
  }

  override_module {
    target = module.table
    outputs = {
      name = "items-api-test-items"
      arns_by_region = {
        "us-east-1" = "arn:aws:dynamodb:us-east-1:111122223333:table/items-api-test-items"
        "us-west-2" = "arn:aws:dynamodb:us-west-2:111122223333:table/items-api-test-items"
      }
    }
  }

  assert {
    condition     = toset(keys(module.api)) == toset(["us-east-1", "us-west-2"]) && module.api["us-west-2"].region == "us-west-2"
    error_message = "every Region must get its own API, in that Region"
  }

  assert {
    condition     = toset(keys(module.api["us-west-2"].alarm_arns)) == toset(["api-5xx-rate", "api-p99-latency", "lambda-errors", "lambda-throttles"])
    error_message = "every Region must have the alarms"
  }

  assert {
    condition     = aws_sns_topic.alarms["us-west-2"].region == "us-west-2" && aws_sns_topic.alarms["us-west-2"].kms_master_key_id == "arn:aws:kms:us-west-2:111122223333:key/mrk-1234567890abcdef1234567890abcdef"
    error_message = "each Region's alarm topic must be encrypted with that Region's key"
  }

  assert {
    condition     = toset(keys(output.api_urls)) == toset(["us-east-1", "us-west-2"]) && toset(keys(output.table_arns_by_region)) == toset(["us-east-1", "us-west-2"])
    error_message = "the composition must output a URL and a table replica for every Region"
  }

  assert {
    condition = output.cursor_signing_key_parameters == {
      for region in ["us-east-1", "us-west-2"] : region => {
        name        = "/items-api-test/cursor-signing-key"
        arn         = "arn:aws:ssm:${region}:111122223333:parameter/items-api-test/cursor-signing-key"
        kms_key_arn = "arn:aws:kms:${region}:111122223333:key/mrk-1234567890abcdef1234567890abcdef"
      }
    }
    error_message = "every Region has its cursor signing key parameter, of one name, encrypted with that Region's key"
  }
}

run "without_alarms" {
  command = plan

  variables {
    create_alarms = false
  }

  assert {
    condition     = length(aws_sns_topic.alarms) == 0 && length(module.api["us-east-1"].alarm_arns) == 0
    error_message = "no alarms and no topic when create_alarms is false"
  }
}

run "rejects_a_region_listed_twice" {
  command = plan

  variables {
    regions = ["us-east-1", "us-east-1"]
  }

  expect_failures = [var.regions]
}

run "rejects_a_region_that_is_not_a_region" {
  command = plan

  variables {
    regions = ["west"]
  }

  expect_failures = [var.regions]
}

run "rejects_an_environment_that_cannot_be_a_name" {
  command = plan

  variables {
    environment = "Prod env"
  }

  expect_failures = [var.environment]
}

# The APIs get built table ARNs so that the table can depend on them (a destroy stops at the protected table first).
run "gives_each_api_its_regions_table_by_a_built_arn" {
  # apply against the mocked provider: Terraform (unlike OpenTofu) fills mocked computed values only at apply.
  command = apply

  # The mocked provider gives every table one ARN whatever its name, so the built ARNs are held to the ARN format of
  # each table's name here; the apply rehearsal's runtime simulation holds the grants to the ARNs AWS gives.
  assert {
    condition = alltrue([
      for resource, table in module.table : table.name == local.table_names[resource] && alltrue([
        for region, arns in local.table_arns_by_region : arns[resource] == "arn:aws:dynamodb:${region}:111122223333:table/${table.name}"
      ])
    ])
    error_message = "the ARNs built for the APIs must be each resource's table's, in each Region"
  }

  assert {
    condition     = keys(output.table_arns_by_region) == ["us-east-1"] && toset(keys(output.table_arns_by_region["us-east-1"])) == toset(keys(module.table))
    error_message = "the output gives each Region's ARN of every resource's table"
  }
}

# An environment deployed before the contract declared resources keeps its one table (named <name>) as the items
# resource's, and the table's state moves with it (the moved block to module.table["items"]).
run "keeps_an_existing_table_by_its_name" {
  command = apply

  # The contract's first resource, whichever resources it declares.
  variables {
    table_names = { (keys(jsondecode(file("../../../openapi/generated/infrastructure.json")).tables)[0]) = "items-api-test" }
  }

  assert {
    condition     = values(output.table_names)[0] == "items-api-test" && values(module.table)[0].name == "items-api-test" && endswith(values(local.table_arns_by_region["us-east-1"])[0], ":table/items-api-test")
    error_message = "table_names must name the resource's table, and the API's grants must follow"
  }

  assert {
    condition     = alltrue([for resource, name in output.table_names : resource == keys(output.table_names)[0] || name == "items-api-test-${resource}"])
    error_message = "the resources table_names leaves out keep <name>-<resource>"
  }
}

run "rejects_a_table_name_for_a_resource_the_contract_does_not_declare" {
  command = plan

  variables {
    table_names = { undeclared = "items-api-test-undeclared" }
  }

  expect_failures = [var.table_names]
}

run "rejects_a_table_name_dynamodb_does_not_allow" {
  command = plan

  variables {
    table_names = { items = "items api" }
  }

  expect_failures = [var.table_names]
}

# Access control (issue 14): one token issuer in the primary Region, its resource server and scopes as the contract
# declares them, trusted by every Region's authorizer; a key per client in every Region.
run "one_issuer_for_every_region_scoped_as_the_contract_says" {
  # apply against the mocked provider: Terraform (unlike OpenTofu) fills mocked computed values only at apply.
  command = apply

  variables {
    regions = ["us-east-1", "us-west-2"]
  }

  override_module {
    target = module.kms
    outputs = {
      policy_json     = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
      primary_key_arn = "arn:aws:kms:us-east-1:111122223333:key/mrk-1234567890abcdef1234567890abcdef"
      replica_key_arns = {
        "us-west-2" = "arn:aws:kms:us-west-2:111122223333:key/mrk-1234567890abcdef1234567890abcdef"
      }
      key_arns_by_region = {
        "us-east-1" = "arn:aws:kms:us-east-1:111122223333:key/mrk-1234567890abcdef1234567890abcdef"
        "us-west-2" = "arn:aws:kms:us-west-2:111122223333:key/mrk-1234567890abcdef1234567890abcdef"
      }
    }
  }

  override_module {
    target = module.table
    outputs = {
      name = "items-api-test-items"
      arns_by_region = {
        "us-east-1" = "arn:aws:dynamodb:us-east-1:111122223333:table/items-api-test-items"
        "us-west-2" = "arn:aws:dynamodb:us-west-2:111122223333:table/items-api-test-items"
      }
    }
  }

  assert {
    condition     = module.auth.scope_identifiers == { for scope, _ in local.infrastructure.access.scopes : scope => "${local.infrastructure.access.resourceServer}/${scope}" }
    error_message = "the resource server and its scopes must be the contract's (access in infrastructure.json)"
  }

  assert {
    condition     = toset(keys(module.auth.client_ids)) == toset(["writer", "reader"]) && output.auth.client_ids == module.auth.client_ids
    error_message = "every declared client must get an app client, and its ID an output"
  }

  assert {
    condition     = output.auth.user_pool_arn == module.auth.user_pool_arn && output.auth.token_endpoint == module.auth.token_endpoint && output.auth.issuer_url == module.auth.issuer_url && output.auth.user_pool_id == module.auth.user_pool_id
    error_message = "the issuer's pool, token endpoint and issuer must be outputs"
  }

  assert {
    condition     = output.auth.token_endpoint == "https://items-api-test-111122223333.auth.us-east-1.amazoncognito.com/oauth2/token"
    error_message = "the token endpoint is the primary Region's pool domain, <name>-<account id>"
  }

  assert {
    condition     = toset(keys(output.api_key_ids)) == toset(["us-east-1", "us-west-2"]) && alltrue([for keys_by_client in values(output.api_key_ids) : toset(keys(keys_by_client)) == toset(["writer", "reader"])])
    error_message = "every client must have an API key in every Region"
  }

  assert {
    condition     = alltrue([for plans in values(output.usage_plan_ids) : toset(keys(plans)) == toset(keys(local.infrastructure.access.usagePlans))])
    error_message = "every Region must have every usage plan of the contract"
  }
}

run "expands_scope_patterns_to_the_contracts_scopes" {
  command = plan

  variables {
    api_clients = {
      writer = { scopes = ["*"], usage_plan = keys(jsondecode(file("../../../openapi/generated/infrastructure.json")).access.usagePlans)[0] }
      reader = { scopes = ["*:read"], usage_plan = keys(jsondecode(file("../../../openapi/generated/infrastructure.json")).access.usagePlans)[0] }
    }
  }

  assert {
    condition     = toset(local.client_scopes.writer) == toset(keys(local.infrastructure.access.scopes))
    error_message = "* must stand for every scope the contract declares"
  }

  assert {
    condition     = length(local.client_scopes.reader) > 0 && toset(local.client_scopes.reader) == toset([for scope in keys(local.infrastructure.access.scopes) : scope if endswith(scope, ":read")])
    error_message = "*:read must stand for every scope of the contract ending in :read"
  }
}

run "rejects_a_scope_pattern_that_matches_nothing" {
  command = plan

  variables {
    api_clients = {
      writer = { scopes = ["*:admin"], usage_plan = keys(jsondecode(file("../../../openapi/generated/infrastructure.json")).access.usagePlans)[0] }
    }
  }

  expect_failures = [var.api_clients]
}

run "rejects_a_client_with_a_scope_the_contract_does_not_declare" {
  command = plan

  variables {
    api_clients = {
      writer = { scopes = ["items:admin"], usage_plan = keys(jsondecode(file("../../../openapi/generated/infrastructure.json")).access.usagePlans)[0] }
    }
  }

  expect_failures = [var.api_clients]
}

run "rejects_a_client_on_a_usage_plan_the_contract_does_not_declare" {
  command = plan

  variables {
    api_clients = {
      writer = { scopes = keys(jsondecode(file("../../../openapi/generated/infrastructure.json")).access.scopes), usage_plan = "platinum" }
    }
  }

  expect_failures = [var.api_clients]
}

run "rejects_a_client_without_scopes" {
  command = plan

  variables {
    api_clients = {
      writer = { scopes = [], usage_plan = keys(jsondecode(file("../../../openapi/generated/infrastructure.json")).access.usagePlans)[0] }
    }
  }

  expect_failures = [var.api_clients]
}

run "rejects_a_client_name_that_cannot_name_a_key" {
  command = plan

  variables {
    api_clients = {
      "Writer Client" = { scopes = keys(jsondecode(file("../../../openapi/generated/infrastructure.json")).access.scopes), usage_plan = keys(jsondecode(file("../../../openapi/generated/infrastructure.json")).access.usagePlans)[0] }
    }
  }

  expect_failures = [var.api_clients]
}

run "rejects_no_clients" {
  command = plan

  variables {
    api_clients = {}
  }

  expect_failures = [var.api_clients]
}
