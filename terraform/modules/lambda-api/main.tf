# One Region's Items API. Resources live by concern: iam.tf (execution role), function.tf (the handler),
# api.tf (REST API, deployment, stage, invoke permission), logging.tf (log groups, access log format),
# alarms.tf (CloudWatch alarms). This file holds the lookups and the contract's facts they share.

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

data "aws_region" "this" {
  region = var.region
}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  dns_suffix = data.aws_partition.current.dns_suffix
  region     = data.aws_region.this.region

  # Facts the contract states (openapi/generated/infrastructure.json, written by `npx nx run openapi:generate`):
  # the DynamoDB actions the operations this function serves need, and API Gateway's integration timeout.
  infrastructure             = jsondecode(file(var.infrastructure_path))
  dynamodb_actions           = local.infrastructure.integrations.lambda.dynamodbActions
  integration_timeout_millis = local.infrastructure.integrationTimeoutMillis
}
