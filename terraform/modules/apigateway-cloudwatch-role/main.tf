# API Gateway writes access and execution logs with ONE role per account and Region (the account settings,
# `aws_api_gateway_account`, which the lambda-api module sets when given this role's ARN). IAM is global,
# so this role is created once per account and shared by every Region.

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  dns_suffix = data.aws_partition.current.dns_suffix
  log_group_arns = [
    for pattern in var.log_group_name_patterns :
    "arn:${local.partition}:logs:*:${local.account_id}:log-group:${pattern}"
  ]
}

# Policies as jsonencode() of their statements (not aws_iam_policy_document): they render the same under a mocked
# provider as in a plan (lambda-api's iam.tf says why).
locals {
  assume_policy = {
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = ["sts:AssumeRole"]
      Principal = { Service = ["apigateway.${local.dns_suffix}"] }
      # No aws:SourceAccount / aws:SourceArn condition: no AWS source says API Gateway sets them when it assumes the
      # account's CloudWatch role (its setup guide, "Permissions for CloudWatch logging", trusts the service principal
      # alone), and a condition on a key the caller does not send denies every log write. The role is the account's
      # own setting: another account cannot point API Gateway at it.
    }]
  }

  # The actions of the AWS managed AmazonAPIGatewayPushToCloudWatchLogs policy, limited to the listed groups.
  logs_policy = {
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "WriteListedLogGroups"
        Effect = "Allow"
        Action = [
          "logs:CreateLogGroup",
          "logs:CreateLogStream",
          "logs:DescribeLogStreams",
          "logs:FilterLogEvents",
          "logs:GetLogEvents",
          "logs:PutLogEvents",
        ]
        Resource = concat(local.log_group_arns, [for arn in local.log_group_arns : "${arn}:log-stream:*"])
      },
      # DescribeLogGroups is a list operation on the account's groups in a Region.
      {
        Sid      = "ListLogGroups"
        Effect   = "Allow"
        Action   = ["logs:DescribeLogGroups"]
        Resource = ["arn:${local.partition}:logs:*:${local.account_id}:log-group:*"]
      },
    ]
  }
}

resource "aws_iam_role" "this" {
  name                 = var.name
  description          = "Lets API Gateway write access and execution logs to the listed log groups"
  assume_role_policy   = jsonencode(local.assume_policy)
  max_session_duration = 3600
  tags                 = var.tags
}

resource "aws_iam_role_policy" "this" {
  name   = "push-to-listed-log-groups"
  role   = aws_iam_role.this.id
  policy = jsonencode(local.logs_policy)
}
