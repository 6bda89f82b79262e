# `tofu test` (or `terraform test`) with a mocked AWS provider: plans the module against the real generated
# body and infrastructure facts and a fixture zip, and checks the input validations. No AWS credentials, no network.

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

run "plans_the_function_and_api" {
  command = plan

  assert {
    condition     = aws_lambda_function.this.runtime == "nodejs22.x" && aws_lambda_function.this.architectures == tolist(["arm64"])
    error_message = "the handler must run on nodejs22.x, arm64"
  }

  assert {
    condition     = jsondecode(aws_lambda_function.this.environment[0].variables["TABLE_NAMES"]) == { for resource, table in var.tables : resource => table.name } && !contains(keys(aws_lambda_function.this.environment[0].variables), "TABLE_NAME")
    error_message = "TABLE_NAMES must map every resource to its table name (JSON), and TABLE_NAME is gone"
  }

  assert {
    condition     = aws_lambda_function.this.environment[0].variables["CURSOR_SIGNING_KEY_PARAMETER"] == "/items-api-test/cursor-signing-key" && !contains(keys(aws_lambda_function.this.environment[0].variables), "CURSOR_SIGNING_KEY")
    error_message = "the function gets the name of the cursor signing key's SSM parameter, never the key (CURSOR_SIGNING_KEY)"
  }

  assert {
    condition     = aws_lambda_function.this.region == "eu-west-1" && aws_api_gateway_rest_api.this.region == "eu-west-1"
    error_message = "every resource must be placed in var.region"
  }

  assert {
    condition     = length(aws_cloudwatch_metric_alarm.this) == 0
    error_message = "alarms are opt-in"
  }

  assert {
    condition     = aws_cloudwatch_log_group.lambda.name == "/aws/lambda/items-api-test" && aws_cloudwatch_log_group.lambda.kms_key_id == var.kms_key_arn
    error_message = "the function's log group must be encrypted with the key"
  }
}

run "attaches_the_permissions_boundary_to_every_role" {
  command = plan

  variables {
    permissions_boundary_arn = "arn:aws:iam::111122223333:policy/github-deploy-test-boundary"
  }

  assert {
    condition     = aws_iam_role.lambda.permissions_boundary == var.permissions_boundary_arn && alltrue([for role in aws_iam_role.dynamodb_integration : role.permissions_boundary == var.permissions_boundary_arn])
    error_message = "every role the module creates must carry the boundary (the GitHub apply role creates roles only with it)"
  }
}

run "refuses_a_boundary_that_is_not_a_policy" {
  command = plan

  variables {
    permissions_boundary_arn = "arn:aws:iam::111122223333:role/not-a-policy"
  }

  expect_failures = [var.permissions_boundary_arn]
}

run "refuses_a_region_without_the_account_baseline" {
  command = plan

  # The account baseline (envs/bootstrap) has not set this Region's API Gateway logging role.
  override_data {
    target = data.aws_ssm_parameter.apigateway_cloudwatch_role
    values = { value = "" }
  }

  expect_failures = [aws_api_gateway_stage.this]
}

run "leaves_the_account_settings_to_the_baseline" {
  command = plan

  assert {
    condition     = data.aws_ssm_parameter.apigateway_cloudwatch_role.region == "eu-west-1"
    error_message = "the account setting must be checked in this Region"
  }
}

run "keeps_create_before_destroy_off_the_function" {
  command = plan

  # The deployment's create_before_destroy spreads to what it depends on; the body must not depend on the
  # function (whose replacement would then collide with its own name), so it names the function by a built ARN.
  assert {
    condition     = local.lambda_invoke_arn == "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:111122223333:function:items-api-test/invocations"
    error_message = "the invoke ARN in the body must be the function's, built from its name and Region"
  }
}

run "alarms" {
  command = plan

  variables {
    create_alarms       = true
    alarm_sns_topic_arn = "arn:aws:sns:eu-west-1:111122223333:items-api-alarms"
  }

  assert {
    condition     = toset(keys(aws_cloudwatch_metric_alarm.this)) == toset(["api-5xx-rate", "api-p99-latency", "lambda-errors", "lambda-throttles"])
    error_message = "the four alarms must be created"
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.this["api-5xx-rate"].threshold == 0.01
    error_message = "a 1% 5XX rate is an average of 0.01"
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.this["api-p99-latency"].extended_statistic == "p99"
    error_message = "the latency alarm must watch p99"
  }
}

run "rejects_a_timeout_at_the_contracts_integration_timeout" {
  command = plan

  variables {
    timeout = jsondecode(file("../../../openapi/generated/infrastructure.json")).integrationTimeoutMillis / 1000
  }

  expect_failures = [aws_lambda_function.this]
}

run "rejects_a_p99_threshold_above_the_contracts_integration_timeout" {
  command = plan

  variables {
    create_alarms                  = true
    alarm_p99_latency_threshold_ms = jsondecode(file("../../../openapi/generated/infrastructure.json")).integrationTimeoutMillis + 1
  }

  expect_failures = [aws_cloudwatch_metric_alarm.this]
}

run "rejects_a_table_arn_that_is_not_a_table" {
  command = plan

  variables {
    tables = { for resource, _ in jsondecode(file("../../../openapi/generated/infrastructure.json")).tables : resource => { name = "items-api-test-${resource}", arn = "arn:aws:kms:eu-west-1:111122223333:key/x" } }
  }

  expect_failures = [var.tables]
}

run "rejects_a_table_arn_of_another_name" {
  command = plan

  variables {
    tables = { for resource, _ in jsondecode(file("../../../openapi/generated/infrastructure.json")).tables : resource => { name = "items-api-test-${resource}", arn = "arn:aws:dynamodb:eu-west-1:111122223333:table/items-api-test-${resource}-other" } }
  }

  expect_failures = [var.tables]
}

run "rejects_tables_without_every_resource_of_the_contract" {
  command = plan

  variables {
    tables = {}
  }

  expect_failures = [var.tables]
}

run "rejects_a_table_of_a_resource_the_contract_does_not_declare" {
  command = plan

  variables {
    tables = merge(
      { for resource, _ in jsondecode(file("../../../openapi/generated/infrastructure.json")).tables : resource => { name = "items-api-test-${resource}", arn = "arn:aws:dynamodb:eu-west-1:111122223333:table/items-api-test-${resource}" } },
      { undeclared = { name = "items-api-test-undeclared", arn = "arn:aws:dynamodb:eu-west-1:111122223333:table/items-api-test-undeclared" } },
    )
  }

  expect_failures = [var.tables]
}

run "rejects_a_table_of_another_region" {
  command = plan

  variables {
    tables = { for resource, _ in jsondecode(file("../../../openapi/generated/infrastructure.json")).tables : resource => { name = "items-api-test-${resource}", arn = "arn:aws:dynamodb:us-east-1:111122223333:table/items-api-test-${resource}" } }
  }

  expect_failures = [aws_iam_role_policy.lambda]
}

run "imports_the_contract_with_the_invoke_arn_substituted" {
  # apply against the mocked provider: Terraform (unlike OpenTofu) fills mocked computed values only at apply.
  command = apply

  # What AWS returns for this function in eu-west-1 (the shared mock's default is another Region's).
  override_resource {
    target = aws_lambda_function.this
    values = {
      arn        = "arn:aws:lambda:eu-west-1:111122223333:function:items-api-test"
      invoke_arn = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:111122223333:function:items-api-test/invocations"
    }
  }

  assert {
    condition     = !strcontains(aws_api_gateway_rest_api.this.body, "lambda_invoke_arn")
    error_message = "the body must have the Lambda invoke ARN substituted everywhere"
  }

  # Every operation infrastructure.json says the Lambda serves has its aws_proxy integration on this function
  # in the imported body...
  assert {
    condition = alltrue(flatten([
      for id, op in jsondecode(file(var.infrastructure_path)).operations : [
        for integration in [jsondecode(aws_api_gateway_rest_api.this.body).paths[op.path][lower(op.method)]["x-amazon-apigateway-integration"]] :
        integration.type == "aws_proxy" && integration.uri == aws_lambda_function.this.invoke_arn
      ] if op.integration == "lambda"
    ]))
    error_message = "every operation the contract gives the lambda integration must have its aws_proxy integration on this function"
  }

  # ...and nothing else is integrated with it (CORS preflights are mocks).
  assert {
    condition = (
      length(flatten([for path, item in jsondecode(aws_api_gateway_rest_api.this.body).paths : [
        for method, op in item : method
        if try(op["x-amazon-apigateway-integration"].uri, "") == aws_lambda_function.this.invoke_arn
      ]])) == length(jsondecode(file(var.infrastructure_path)).integrations.lambda.operations)
    )
    error_message = "only the contract's lambda operations may be integrated with this function"
  }

  assert {
    condition     = aws_api_gateway_deployment.this.triggers.body_sha256 == sha256(aws_api_gateway_rest_api.this.body)
    error_message = "the deployment must be keyed on the imported body"
  }
}

run "redeploys_when_the_body_changes" {
  # apply against the mocked provider: Terraform (unlike OpenTofu) fills mocked computed values only at apply.
  command = apply

  # Another body (as after a contract change): the deployment's trigger must follow it.
  variables {
    openapi_body_path = "tests/fixtures/other-body.json"
  }

  assert {
    condition = aws_api_gateway_deployment.this.triggers.body_sha256 != sha256(templatefile("../../../openapi/generated/apigateway-body.json", {
      lambda_invoke_arn             = local.lambda_invoke_arn
      dynamodb_region               = local.region
      dynamodb_table_names          = local.table_names
      dynamodb_integration_role_arn = local.dynamodb_integration_role_arn
      cognito_user_pool_arn         = var.cognito_user_pool_arn
    }))
    error_message = "a different body must give a different deployment trigger"
  }

  assert {
    condition     = aws_api_gateway_deployment.this.triggers.body_sha256 == sha256(aws_api_gateway_rest_api.this.body) && strcontains(aws_api_gateway_rest_api.this.body, "getOther")
    error_message = "the trigger must be the hash of the body actually imported"
  }
}

run "grants_the_contracts_dynamodb_actions_per_table_and_no_wildcard" {
  command = plan

  assert {
    condition = {
      for statement in local.lambda_policy.Statement : statement.Sid => {
        actions   = toset(statement.Action)
        resources = toset(statement.Resource)
      } if anytrue([for action in statement.Action : startswith(action, "dynamodb:")])
      } == {
      for resource, actions in jsondecode(file(var.infrastructure_path)).integrations.lambda.tables : "${title(resource)}TableInThisRegion" => {
        actions   = toset(actions)
        resources = toset([var.tables[resource].arn])
      } if length(actions) > 0
    }
    error_message = "the role must grant, per table, exactly the DynamoDB actions infrastructure.json lists for the lambda integration on it (integrations.lambda.tables), on that table's ARN only, one statement per table named after its resource (items's keeps the Sid it had before resources: ItemsTableInThisRegion)"
  }

  assert {
    condition = alltrue(flatten([
      for doc in [local.lambda_policy, local.assume_lambda_policy] : [
        for statement in doc.Statement : [for action in statement.Action : !strcontains(action, "*")]
      ]
    ]))
    error_message = "the function's policies must name every action"
  }
}

run "reads_exactly_its_cursor_signing_key_parameter" {
  command = plan

  assert {
    condition = [
      for statement in local.lambda_policy.Statement : {
        actions   = toset(statement.Action)
        resources = toset(statement.Resource)
      } if statement.Sid == "ReadCursorSigningKey"
      ] == [{
        actions   = toset(["ssm:GetParameter"])
        resources = toset(["arn:aws:ssm:eu-west-1:111122223333:parameter/items-api-test/cursor-signing-key"])
    }]
    error_message = "the role may read exactly this Region's cursor signing key parameter, nothing else"
  }

  assert {
    condition = [
      for statement in local.lambda_policy.Statement : {
        actions    = toset(statement.Action)
        resources  = toset(statement.Resource)
        conditions = { for key, values in statement.Condition.StringEquals : key => { test = "StringEquals", values = toset(values) } }
      } if statement.Sid == "DecryptCursorSigningKey"
      ] == [{
        actions   = toset(["kms:Decrypt"])
        resources = toset([var.kms_key_arn])
        conditions = {
          "kms:EncryptionContext:PARAMETER_ARN" = { test = "StringEquals", values = toset(["arn:aws:ssm:eu-west-1:111122223333:parameter/items-api-test/cursor-signing-key"]) }
          "kms:ViaService"                      = { test = "StringEquals", values = toset(["ssm.eu-west-1.amazonaws.com"]) }
        }
    }]
    error_message = "the role may decrypt with this Region's key only through SSM and only for the cursor signing key parameter"
  }

  assert {
    condition = output.cursor_signing_key_parameter == {
      name        = "/items-api-test/cursor-signing-key"
      arn         = "arn:aws:ssm:eu-west-1:111122223333:parameter/items-api-test/cursor-signing-key"
      kms_key_arn = var.kms_key_arn
    }
    error_message = "the output names the parameter and the key that encrypts it, for `npm run cursor-key`"
  }

  assert {
    condition     = length([for statement in local.lambda_policy.Statement : statement if contains(statement.Action, "ssm:GetParameter")]) == 1
    error_message = "no other statement may grant ssm:GetParameter"
  }
}

# API Gateway substitutes $context variables as they are, except $context.error.messageString, which it renders
# as a quoted JSON string. Render the format as it would with hostile error messages and parse each line.
run "access_log_lines_are_json_whatever_the_error_message" {
  command = plan

  assert {
    condition = alltrue([
      for message in [
        "plain",
        "a \"quoted\" word",
        "back\\slash \\\" and \\u0000",
        "line\nbreak\r\ttab",
        "{\"injected\": true}",
        ] : try(jsondecode(replace(
          replace(aws_api_gateway_stage.this.access_log_settings[0].format, "$context.error.messageString", jsonencode(message)),
          "/\\$context\\.[A-Za-z.]+/", "x"
      )).errorMessage == message, false)
    ])
    error_message = "an access log line must parse as JSON and carry the error message unchanged, whatever the message"
  }
}

run "key_policy_names_this_apis_execution_log_group" {
  # apply against the mocked provider: Terraform (unlike OpenTofu) fills mocked computed values (the REST API id)
  # only at apply.
  command = apply

  assert {
    condition = one([
      for statement in jsondecode(aws_kms_key_policy.this.policy).Statement : statement.Condition.ArnEquals["kms:EncryptionContext:aws:logs:arn"]
      if statement.Sid == "CloudWatchLogsForThisStagesExecutionLogs"
    ]) == ["arn:aws:logs:eu-west-1:111122223333:log-group:API-Gateway-Execution-Logs_${aws_api_gateway_rest_api.this.id}/v1"]
    error_message = "the key policy must let CloudWatch Logs encrypt exactly this API's execution log group (named by its REST API id, no wildcard)"
  }

  assert {
    condition     = aws_api_gateway_rest_api.this.id == "a1b2c3d4e5" && aws_cloudwatch_log_group.execution.name == "API-Gateway-Execution-Logs_a1b2c3d4e5/v1"
    error_message = "the execution log group is API Gateway's name for this API's stage"
  }

  assert {
    condition     = aws_kms_key_policy.this.key_id == "mrk-1234567890abcdef1234567890abcdef" && aws_kms_key_policy.this.region == "eu-west-1" && slice(jsondecode(aws_kms_key_policy.this.policy).Statement, 0, length(jsondecode(var.kms_key_policy_json).Statement)) == jsondecode(var.kms_key_policy_json).Statement
    error_message = "this Region's key gets the key module's policy plus the execution log statement"
  }
}
