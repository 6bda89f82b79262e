# What a plan reads (refresh) of everything an environment's root manages, for both roles of the environment.
# Describe/Get/List actions only, each on the environment's resources where the service names them.

locals {
  read_grants = { for env, own in local.scope : env => {
    ApiGatewayRead = {
      actions    = ["apigateway:GET"]
      resources  = local.api_gateway_resources
      conditions = local.in_regions
    }

    # The token issuer (cognito-auth). DescribeUserPoolClient returns the client's secret: the state, which this
    # role reads too, holds it anyway, and `npm run stage-env` (the e2e jobs) reads it with this role.
    CognitoRead = {
      actions = [
        "cognito-idp:DescribeResourceServer",
        "cognito-idp:DescribeUserPool",
        "cognito-idp:DescribeUserPoolClient",
        "cognito-idp:GetUserPoolMfaConfig",
      ]
      resources  = [local.user_pools]
      conditions = local.in_regions
    }

    # DescribeUserPoolDomain names no resource (the domain is its parameter).
    CognitoDescribeDomain = {
      actions    = ["cognito-idp:DescribeUserPoolDomain"]
      resources  = ["*"]
      conditions = local.in_regions
    }

    LambdaRead = {
      actions = [
        "lambda:GetFunction",
        "lambda:GetFunctionCodeSigningConfig",
        "lambda:GetFunctionConfiguration",
        "lambda:GetPolicy",
        "lambda:ListTags",
        "lambda:ListVersionsByFunction",
      ]
      resources  = [own.functions]
      conditions = local.in_regions
    }

    DynamoDBRead = {
      actions = [
        "dynamodb:DescribeContinuousBackups",
        "dynamodb:DescribeTable",
        "dynamodb:DescribeTimeToLive",
        "dynamodb:ListTagsOfResource",
      ]
      resources  = [own.tables]
      conditions = local.in_regions
    }

    # Adding a table replica: DynamoDB checks the destination Region's account limits as the caller ("Failed to
    # describe limits in region ... missing dynamodb:DescribeLimits", aws/aws-cdk#12113). It names no resource.
    DynamoDBDescribeLimits = {
      actions    = ["dynamodb:DescribeLimits"]
      resources  = ["*"]
      conditions = local.in_regions
    }

    KmsRead = {
      actions    = ["kms:DescribeKey", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:ListResourceTags"]
      resources  = [local.keys]
      conditions = local.in_regions
    }

    # ListAliases has no resource to name; it returns alias names and key ids only.
    KmsListAliases = {
      actions    = ["kms:ListAliases"]
      resources  = ["*"]
      conditions = local.in_regions
    }

    # DescribeLogGroups has no resource type (AWS's Service Authorization Reference for CloudWatch Logs): only "*"
    # grants it; it returns names and settings only.
    LogsDescribe = {
      actions    = ["logs:DescribeLogGroups"]
      resources  = ["*"]
      conditions = local.in_regions
    }

    LogsRead = {
      actions    = ["logs:ListTagsForResource"]
      resources  = own.log_groups
      conditions = local.in_regions
    }

    # IAM is global: no Regions condition.
    IamRead = {
      actions    = ["iam:GetRole", "iam:GetRolePolicy", "iam:ListAttachedRolePolicies", "iam:ListRolePolicies"]
      resources  = [own.roles]
      conditions = {}
    }

    SnsRead = {
      actions    = ["sns:GetTopicAttributes", "sns:ListTagsForResource"]
      resources  = [own.topics]
      conditions = local.in_regions
    }

    CloudWatchRead = {
      actions    = ["cloudwatch:DescribeAlarms", "cloudwatch:ListTagsForResource"]
      resources  = [own.alarms]
      conditions = local.in_regions
    }

    # The account baseline's record of API Gateway's logging role, which every stage checks for.
    BaselineParameterRead = {
      actions    = ["ssm:GetParameter"]
      resources  = [local.baseline_parameters]
      conditions = local.in_regions
    }

    WafRead = {
      actions    = ["wafv2:GetWebACLForResource"]
      resources  = [local.web_acls]
      conditions = local.in_regions
    }
  } }
}

resource "aws_iam_policy" "read" {
  for_each = var.environments

  name        = "${var.role_name_prefix}-${each.key}-read"
  description = "Read what the ${each.key} root manages (${each.value.resource_name}*), for its plan and apply roles"
  policy      = jsonencode(local.policy_documents["${each.key}/read"])
  tags        = var.tags
}
