# What a plan reads (refresh) of everything an environment's root manages, for both roles of the environment.
# Describe/Get/List actions only, each on the environment's resources where the service names them.

data "aws_iam_policy_document" "read" {
  for_each = var.environments

  statement {
    sid       = "ApiGatewayRead"
    actions   = ["apigateway:GET"]
    resources = local.api_gateway_resources
    condition {
      test     = "StringEquals"
      variable = "aws:RequestedRegion"
      values   = local.requested_regions
    }
  }

  # The token issuer (cognito-auth). DescribeUserPoolClient returns the client's secret: the state, which this role
  # reads too, holds it anyway, and `npm run stage-env` (the e2e jobs) reads it with this role.
  statement {
    sid = "CognitoRead"
    actions = [
      "cognito-idp:DescribeResourceServer",
      "cognito-idp:DescribeUserPool",
      "cognito-idp:DescribeUserPoolClient",
      "cognito-idp:GetUserPoolMfaConfig",
      "cognito-idp:ListTagsForResource",
    ]
    resources = [local.user_pools]
    condition {
      test     = "StringEquals"
      variable = "aws:RequestedRegion"
      values   = local.requested_regions
    }
  }

  # DescribeUserPoolDomain names no resource (the domain is its parameter).
  statement {
    sid       = "CognitoDescribeDomain"
    actions   = ["cognito-idp:DescribeUserPoolDomain"]
    resources = ["*"]
    condition {
      test     = "StringEquals"
      variable = "aws:RequestedRegion"
      values   = local.requested_regions
    }
  }

  statement {
    sid = "LambdaRead"
    actions = [
      "lambda:GetFunction",
      "lambda:GetFunctionCodeSigningConfig",
      "lambda:GetFunctionConcurrency",
      "lambda:GetFunctionConfiguration",
      "lambda:GetFunctionRecursionConfig",
      "lambda:GetPolicy",
      "lambda:GetRuntimeManagementConfig",
      "lambda:ListTags",
      "lambda:ListVersionsByFunction",
    ]
    resources = [local.scope[each.key].functions]
    condition {
      test     = "StringEquals"
      variable = "aws:RequestedRegion"
      values   = local.requested_regions
    }
  }

  statement {
    sid = "DynamoDBRead"
    actions = [
      "dynamodb:DescribeContinuousBackups",
      "dynamodb:DescribeContributorInsights",
      "dynamodb:DescribeKinesisStreamingDestination",
      "dynamodb:DescribeTable",
      "dynamodb:DescribeTimeToLive",
      "dynamodb:GetResourcePolicy",
      "dynamodb:ListTagsOfResource",
    ]
    resources = [local.scope[each.key].tables]
    condition {
      test     = "StringEquals"
      variable = "aws:RequestedRegion"
      values   = local.requested_regions
    }
  }

  # Adding a table replica: DynamoDB checks the destination Region's account limits as the caller ("Failed to describe
  # limits in region ... missing dynamodb:DescribeLimits", aws/aws-cdk#12113). DescribeLimits names no resource.
  statement {
    sid       = "DynamoDBDescribeLimits"
    actions   = ["dynamodb:DescribeLimits"]
    resources = ["*"]
    condition {
      test     = "StringEquals"
      variable = "aws:RequestedRegion"
      values   = local.requested_regions
    }
  }

  statement {
    sid = "KmsRead"
    actions = [
      "kms:DescribeKey",
      "kms:GetKeyPolicy",
      "kms:GetKeyRotationStatus",
      "kms:ListResourceTags",
    ]
    resources = [local.keys]
    condition {
      test     = "StringEquals"
      variable = "aws:RequestedRegion"
      values   = local.requested_regions
    }
  }

  # ListAliases has no resource to name; it returns alias names and key ids only.
  statement {
    sid       = "KmsListAliases"
    actions   = ["kms:ListAliases"]
    resources = ["*"]
    condition {
      test     = "StringEquals"
      variable = "aws:RequestedRegion"
      values   = local.requested_regions
    }
  }

  # DescribeLogGroups has no resource type (AWS's Service Authorization Reference for CloudWatch Logs): only "*"
  # grants it; it returns names and settings only.
  statement {
    sid       = "LogsDescribe"
    actions   = ["logs:DescribeLogGroups"]
    resources = ["*"]
    condition {
      test     = "StringEquals"
      variable = "aws:RequestedRegion"
      values   = local.requested_regions
    }
  }

  statement {
    sid       = "LogsRead"
    actions   = ["logs:ListTagsForResource", "logs:ListTagsLogGroup"]
    resources = local.scope[each.key].log_groups
    condition {
      test     = "StringEquals"
      variable = "aws:RequestedRegion"
      values   = local.requested_regions
    }
  }

  statement {
    sid = "IamRead"
    actions = [
      "iam:GetRole",
      "iam:GetRolePolicy",
      "iam:ListAttachedRolePolicies",
      "iam:ListRolePolicies",
    ]
    resources = [local.scope[each.key].roles]
  }

  statement {
    sid       = "SnsRead"
    actions   = ["sns:GetTopicAttributes", "sns:ListTagsForResource"]
    resources = [local.scope[each.key].topics]
    condition {
      test     = "StringEquals"
      variable = "aws:RequestedRegion"
      values   = local.requested_regions
    }
  }

  statement {
    sid       = "CloudWatchRead"
    actions   = ["cloudwatch:DescribeAlarms", "cloudwatch:ListTagsForResource"]
    resources = [local.scope[each.key].alarms]
    condition {
      test     = "StringEquals"
      variable = "aws:RequestedRegion"
      values   = local.requested_regions
    }
  }

  # The account baseline's record of API Gateway's logging role, which every stage checks for.
  statement {
    sid       = "BaselineParameterRead"
    actions   = ["ssm:GetParameter"]
    resources = [local.baseline_parameters]
    condition {
      test     = "StringEquals"
      variable = "aws:RequestedRegion"
      values   = local.requested_regions
    }
  }

  statement {
    sid       = "WafRead"
    actions   = ["wafv2:GetWebACLForResource"]
    resources = [local.web_acls]
    condition {
      test     = "StringEquals"
      variable = "aws:RequestedRegion"
      values   = local.requested_regions
    }
  }
}

resource "aws_iam_policy" "read" {
  for_each = var.environments

  name        = "${var.role_name_prefix}-${each.key}-read"
  description = "Read what the ${each.key} root manages (${each.value.resource_name}*), for its plan and apply roles"
  policy      = data.aws_iam_policy_document.read[each.key].json
  tags        = var.tags
}
