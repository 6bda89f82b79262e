# `tofu test` (or `terraform test`) with a mocked AWS provider: who may assume the deploy roles, what the apply role
# may do with roles, and how narrowly each grant is scoped. No AWS credentials, no network.

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

# The shared mock gives policies no ARN; attachments need one.
override_resource {
  target = aws_iam_policy.read
  values = { arn = "arn:aws:iam::111122223333:policy/github-deploy-read" }
}

override_resource {
  target = aws_iam_policy.write
  values = { arn = "arn:aws:iam::111122223333:policy/github-deploy-write" }
}

override_resource {
  target = aws_iam_policy.cognito_write
  values = { arn = "arn:aws:iam::111122223333:policy/github-deploy-cognito-write" }
}

override_resource {
  target = aws_iam_policy.boundary
  values = { arn = "arn:aws:iam::111122223333:policy/github-deploy-boundary" }
}

variables {
  github_repository = "octo-org/items-api"
  state_bucket_name = "items-api-tfstate-111122223333"
  regions           = ["us-east-1", "us-west-2"]
  environments = {
    dev  = { resource_name = "items-api-dev", state_key = "items-api/dev/terraform.tfstate", plan_from_pull_requests = true }
    prod = { resource_name = "items-api-prod", state_key = "items-api/prod/terraform.tfstate" }
  }
}

run "trusts_only_this_repository_per_environment" {
  command = apply

  assert {
    condition     = length(aws_iam_openid_connect_provider.github) == 1 && aws_iam_openid_connect_provider.github[0].url == "https://token.actions.githubusercontent.com" && tolist(aws_iam_openid_connect_provider.github[0].client_id_list) == tolist(["sts.amazonaws.com"])
    error_message = "without an existing provider, the module creates GitHub's, for the STS audience only"
  }

  assert {
    condition = alltrue(flatten([for role in concat(values(aws_iam_role.plan), values(aws_iam_role.apply)) : [
      for s in jsondecode(role.assume_role_policy).Statement : [
        s.Effect == "Allow",
        tolist(s.Action) == tolist(["sts:AssumeRoleWithWebIdentity"]),
        s.Principal == { Federated = [aws_iam_openid_connect_provider.github[0].arn] },
        keys(s.Condition) == ["StringEquals"],
        toset(keys(s.Condition.StringEquals)) == toset(["token.actions.githubusercontent.com:aud", "token.actions.githubusercontent.com:sub"]),
        tolist(s.Condition.StringEquals["token.actions.githubusercontent.com:aud"]) == tolist(["sts.amazonaws.com"]),
      ]
    ]]))
    error_message = "every trust policy must be web identity from GitHub's provider with aud pinned to sts.amazonaws.com and an exact sub"
  }

  assert {
    condition     = toset(one(local.trust_policies["dev"].plan.Statement).Condition.StringEquals["token.actions.githubusercontent.com:sub"]) == toset(["repo:octo-org/items-api:environment:dev", "repo:octo-org/items-api:ref:refs/heads/main", "repo:octo-org/items-api:pull_request"])
    error_message = "dev's plan role must trust its environment, main and pull requests"
  }

  assert {
    condition     = toset(one(local.trust_policies["prod"].plan.Statement).Condition.StringEquals["token.actions.githubusercontent.com:sub"]) == toset(["repo:octo-org/items-api:environment:prod", "repo:octo-org/items-api:ref:refs/heads/main"])
    error_message = "prod's plan role must trust its environment and main (no pull requests unless asked)"
  }

  assert {
    condition = alltrue([for env in ["dev", "prod"] :
      tolist(one(local.trust_policies[env].apply.Statement).Condition.StringEquals["token.actions.githubusercontent.com:sub"]) == tolist(["repo:octo-org/items-api:environment:${env}"])
    ])
    error_message = "an apply role must trust its own environment only, never a pull request"
  }

  assert {
    condition     = aws_iam_role.plan["dev"].name == "github-deploy-dev-plan" && aws_iam_role.apply["prod"].name == "github-deploy-prod-apply" && aws_iam_role.apply["dev"].max_session_duration == 3600
    error_message = "the roles are named <prefix>-<environment>-plan|apply"
  }

  assert {
    condition     = keys(output.plan_role_arns) == ["dev", "prod"] && keys(output.apply_role_arns) == ["dev", "prod"] && output.oidc_provider_arn == aws_iam_openid_connect_provider.github[0].arn
    error_message = "the outputs list the role ARNs per environment and the provider"
  }
}

run "uses_an_existing_provider" {
  command = apply

  variables {
    oidc_provider_arn = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"
  }

  assert {
    condition     = length(aws_iam_openid_connect_provider.github) == 0 && output.oidc_provider_arn == var.oidc_provider_arn
    error_message = "with an existing provider, none is created"
  }

  assert {
    condition     = one(local.trust_policies["prod"].apply.Statement).Principal == { Federated = [var.oidc_provider_arn] }
    error_message = "the roles trust the existing provider"
  }
}

run "creates_roles_only_inside_the_boundary" {
  command = apply

  assert {
    condition = alltrue([for env in ["dev", "prod"] : alltrue([
      for s in local.policy_documents["${env}/write"].Statement :
      tolist(try(s.Condition.StringEquals["iam:PermissionsBoundary"], [])) == tolist(["arn:aws:iam::111122223333:policy/github-deploy-${env}-boundary"])
      if length(setintersection(toset(s.Action), toset(["iam:CreateRole", "iam:PutRolePolicy", "iam:DeleteRolePolicy", "iam:PutRolePermissionsBoundary"]))) > 0
    ])])
    error_message = "creating a role or writing its policies must require the environment's own boundary"
  }

  assert {
    condition = alltrue([for env in ["dev", "prod"] : length([
      for s in local.policy_documents["${env}/write"].Statement : s
      if length(setintersection(toset(s.Action), toset(["iam:CreateRole", "iam:PutRolePolicy", "iam:DeleteRolePolicy", "iam:PutRolePermissionsBoundary"]))) > 0
    ]) == 1])
    error_message = "exactly one statement grants role creation and policy writes (the conditioned one)"
  }

  assert {
    condition = alltrue([for env in ["dev", "prod"] : alltrue(flatten([
      for s in concat(local.policy_documents["${env}/write"].Statement, local.policy_documents["${env}/read"].Statement) : [
        !contains(s.Action, "iam:DeleteRolePermissionsBoundary"), !contains(s.Action, "iam:AttachRolePolicy"),
        !contains(s.Action, "iam:CreatePolicyVersion"), !contains(s.Action, "iam:CreatePolicy"),
      ]
    ]))])
    error_message = "the apply role must not remove a boundary, attach managed policies or edit policies"
  }

  assert {
    condition = alltrue([for env in ["dev", "prod"] : toset(one([
      for s in local.policy_documents["${env}/write"].Statement : s.Condition.StringEquals["iam:PassedToService"] if contains(s.Action, "iam:PassRole")
    ])) == toset(["apigateway.amazonaws.com", "lambda.amazonaws.com"])])
    error_message = "roles may be passed to Lambda and API Gateway only"
  }

  assert {
    condition     = aws_iam_policy.boundary["dev"].name == "github-deploy-dev-boundary" && output.permissions_boundary_arns["prod"] == aws_iam_policy.boundary["prod"].arn
    error_message = "each environment has its boundary policy, named as the condition expects"
  }
}

run "scopes_every_grant_to_the_environment" {
  command = apply

  assert {
    condition = alltrue(flatten([for doc in local.policy_documents : [
      for s in doc.Statement : [for a in s.Action : can(regex("^[a-z0-9-]+:[A-Za-z0-9]+$", a))]
    ]]))
    error_message = "no action may be a wildcard"
  }

  # Every rendered statement of every policy names the environment's own resources (its resource_name, or its state
  # key in the state bucket). The only exceptions are listed here, per Sid, with the exact resource each may name
  # instead: ids AWS makes up (API Gateway, Cognito user pools, KMS keys, WAF ACLs), actions with no resource ("*"),
  # the account baseline's parameter, DynamoDB's replication role, the state bucket (its keys) and the execution log
  # groups API Gateway names after a REST API's id.
  assert {
    condition = length(local.policy_documents) == 12 && alltrue(flatten([for key, doc in local.policy_documents : [
      for s in doc.Statement : [
        for r in s.Resource : strcontains(r, var.environments[split("/", key)[0]].resource_name) || strcontains(r, "/${var.environments[split("/", key)[0]].state_key}") || contains(lookup({
          ApiGatewayRead          = ["arn:aws:apigateway:*::/restapis", "arn:aws:apigateway:*::/restapis/*", "arn:aws:apigateway:*::/tags/*", "arn:aws:apigateway:*::/usageplans", "arn:aws:apigateway:*::/usageplans/*", "arn:aws:apigateway:*::/apikeys", "arn:aws:apigateway:*::/apikeys/*"]
          ApiGatewayWrite         = ["arn:aws:apigateway:*::/restapis", "arn:aws:apigateway:*::/restapis/*", "arn:aws:apigateway:*::/tags/*", "arn:aws:apigateway:*::/usageplans", "arn:aws:apigateway:*::/usageplans/*", "arn:aws:apigateway:*::/apikeys", "arn:aws:apigateway:*::/apikeys/*"]
          CognitoRead             = ["arn:aws:cognito-idp:*:111122223333:userpool/*"]
          CognitoWrite            = ["arn:aws:cognito-idp:*:111122223333:userpool/*"]
          CognitoDescribeDomain   = ["*"]
          CognitoCreateUserPool   = ["*"]
          DynamoDBDescribeLimits  = ["*"]
          KmsCreateKey            = ["*"]
          KmsListAliases          = ["*"]
          LogsDescribe            = ["*"]
          Tracing                 = ["*"]
          KmsRead                 = ["arn:aws:kms:*:111122223333:key/*"]
          KmsManageKeys           = ["arn:aws:kms:*:111122223333:key/*"]
          KmsAliases              = ["arn:aws:kms:*:111122223333:key/*"]
          KmsThroughServices      = ["arn:aws:kms:*:111122223333:key/*"]
          DecryptThroughServices  = ["arn:aws:kms:*:111122223333:key/*"]
          BaselineParameterRead   = ["arn:aws:ssm:*:111122223333:parameter/items-api/account-baseline/apigateway-cloudwatch-role-arn"]
          WafRead                 = ["arn:aws:wafv2:*:111122223333:regional/webacl/*/*"]
          WafAssociate            = ["arn:aws:wafv2:*:111122223333:regional/webacl/*/*"]
          DynamoDBReplicationRole = ["arn:aws:iam::111122223333:role/aws-service-role/replication.dynamodb.amazonaws.com/AWSServiceRoleForDynamoDBReplication"]
          ListStateKeys           = ["arn:aws:s3:::items-api-tfstate-111122223333"]
          LogsRead                = ["arn:aws:logs:*:111122223333:log-group:API-Gateway-Execution-Logs_*"]
          LogsWrite               = ["arn:aws:logs:*:111122223333:log-group:API-Gateway-Execution-Logs_*"]
          OwnLogs                 = ["arn:aws:logs:*:111122223333:log-group:API-Gateway-Execution-Logs_*:*"]
        }, s.Sid, []), r)
      ]
    ]]))
    error_message = "a grant names a resource outside its environment (only the listed Sids may name the listed account-wide resources)"
  }

  assert {
    condition = alltrue([for env in ["dev", "prod"] : alltrue([
      for s in local.policy_documents["${env}/write"].Statement :
      tolist(s.Resource) == tolist(["arn:aws:iam::111122223333:role/aws-service-role/replication.dynamodb.amazonaws.com/AWSServiceRoleForDynamoDBReplication"]) &&
      toset(s.Condition.StringEquals["iam:AWSServiceName"]) == toset(["replication.dynamodb.amazonaws.com"])
      if contains(s.Action, "iam:CreateServiceLinkedRole")
    ])])
    error_message = "the only service-linked role the apply role may create is DynamoDB's replication role"
  }

  assert {
    condition = alltrue([for env in ["dev", "prod"] : anytrue([
      for s in local.policy_documents["${env}/boundary"].Statement : toset(s.Action) == toset(local.contract_dynamodb_actions) && tolist(s.Resource) == tolist([local.scope[env].tables])
    ])])
    error_message = "the boundary allows the contract's DynamoDB actions on the environment's tables"
  }

  assert {
    condition = alltrue([for env in ["dev", "prod"] : alltrue([
      for s in local.policy_documents["${env}/cognito_write"].Statement :
      toset(s.Condition.StringEquals["aws:RequestedRegion"]) == toset(["us-east-1", "us-west-2"]) &&
      alltrue([for a in s.Action : startswith(a, "cognito-idp:") && can(regex("^[a-z0-9-]+:[A-Za-z0-9]+$", a))])
    ])]) && aws_iam_role_policy_attachment.apply_cognito_write["dev"].role == aws_iam_role.apply["dev"].name
    error_message = "the apply role changes Cognito user pools in the listed Regions only, with named actions"
  }

  # `npm run stage-env` in the e2e jobs runs with the plan role: a client's secret and an API key's value.
  assert {
    condition = alltrue([for env in ["dev", "prod"] :
      anytrue([for s in local.policy_documents["${env}/read"].Statement : contains(s.Action, "cognito-idp:DescribeUserPoolClient")]) &&
      anytrue([for s in local.policy_documents["${env}/read"].Statement : contains(s.Action, "apigateway:GET") && contains(s.Resource, "arn:aws:apigateway:*::/apikeys/*")])
    ])
    error_message = "the plan role must read the clients' secrets and API keys (npm run stage-env)"
  }

  assert {
    condition = alltrue([for s in local.policy_documents["dev/write"].Statement :
      !anytrue([for r in s.Resource : strcontains(r, "items-api-prod")])
    ])
    error_message = "dev's apply role must not reach prod's resources"
  }

  assert {
    condition = alltrue(flatten([for env in ["dev", "prod"] : [
      for s in concat(local.policy_documents["${env}/read"].Statement, local.policy_documents["${env}/write"].Statement) : [
        toset(s.Condition.StringEquals["aws:RequestedRegion"]) == toset(["us-east-1", "us-west-2"])
      ] if length(regexall("^(apigateway|lambda|dynamodb|logs|sns|cloudwatch|wafv2|ssm|cognito-idp):", s.Action[0])) > 0
    ]]))
    error_message = "regional grants hold in the listed Regions only"
  }

  assert {
    condition = (
      anytrue([for s in local.policy_documents["prod/state_plan"].Statement : contains(s.Resource, "arn:aws:s3:::items-api-tfstate-111122223333/items-api/prod/terraform.tfstate") && tolist(s.Action) == tolist(["s3:GetObject"])]) &&
      !anytrue([for s in local.policy_documents["prod/state_plan"].Statement : contains(s.Resource, "arn:aws:s3:::items-api-tfstate-111122223333/items-api/prod/terraform.tfstate") && contains(s.Action, "s3:PutObject")]) &&
      anytrue([for s in local.policy_documents["prod/state_apply"].Statement : contains(s.Resource, "arn:aws:s3:::items-api-tfstate-111122223333/items-api/prod/terraform.tfstate") && contains(s.Action, "s3:PutObject")])
    )
    error_message = "the plan role reads the state (and takes the lock); only the apply role writes it"
  }
}

run "plans_only_from_environments_without_a_plan_branch" {
  command = apply

  variables {
    plan_branch = null
  }

  assert {
    condition     = tolist(one(local.trust_policies["prod"].plan.Statement).Condition.StringEquals["token.actions.githubusercontent.com:sub"]) == tolist(["repo:octo-org/items-api:environment:prod"])
    error_message = "without a plan branch, prod's plan role trusts its environment only"
  }
}

run "rejects_a_repository_that_is_not_owner_slash_name" {
  command = plan

  variables {
    github_repository = "https://github.com/octo-org/items-api"
  }

  expect_failures = [var.github_repository]
}

run "rejects_environments_sharing_resources" {
  command = plan

  variables {
    environments = {
      dev     = { resource_name = "items-api-dev", state_key = "items-api/dev/terraform.tfstate" }
      preview = { resource_name = "items-api-dev", state_key = "items-api/preview/terraform.tfstate" }
    }
  }

  expect_failures = [var.environments]
}

run "rejects_a_role_prefix_that_starts_a_resource_name" {
  command = plan

  variables {
    role_name_prefix = "items-api"
  }

  expect_failures = [aws_iam_role.plan]
}

run "rejects_an_oidc_provider_for_another_issuer" {
  command = plan

  variables {
    oidc_provider_arn = "arn:aws:iam::111122223333:oidc-provider/gitlab.com"
  }

  expect_failures = [var.oidc_provider_arn]
}
