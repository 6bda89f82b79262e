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
  # the DynamoDB actions each integration kind's operations need per table, and API Gateway's integration timeout.
  infrastructure             = jsondecode(file(var.infrastructure_path))
  integration_timeout_millis = local.infrastructure.integrationTimeoutMillis

  table_names = { for resource, table in var.tables : resource => table.name }

  # Per integration kind, one statement per table its operations use: exactly the actions the contract lists for
  # that table (integrations.<kind>.tables), on this Region's table only (no table has a secondary index). A table
  # the kind does not touch gets no statement. The Sid names the resource (resource names are [a-z][a-zA-Z0-9]*).
  table_statements = {
    for kind, integration in local.infrastructure.integrations : kind => [
      for resource, actions in integration.tables : {
        Sid      = "${title(resource)}TableInThisRegion"
        Effect   = "Allow"
        Action   = actions
        Resource = [var.tables[resource].arn]
      } if length(actions) > 0
    ]
  }
}
