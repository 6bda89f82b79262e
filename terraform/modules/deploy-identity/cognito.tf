# What an apply changes of the token issuer (cognito-auth: user pool, domain, resource server, app clients), for the
# environment's apply role only. A policy of its own: the write policy is near IAM's 6,144-character limit. User pool
# ids are random, so the grants name any pool of the account, in the listed Regions (the same for every
# environment). The plan role's reads are in read.tf (CognitoRead).

locals {
  cognito_write_grants = {
    # CreateUserPool names no resource (the pool's id is made by the call).
    CognitoCreateUserPool = {
      actions    = ["cognito-idp:CreateUserPool"]
      resources  = ["*"]
      conditions = local.in_regions
    }

    CognitoWrite = {
      actions = [
        "cognito-idp:CreateResourceServer",
        "cognito-idp:CreateUserPoolClient",
        "cognito-idp:CreateUserPoolDomain",
        "cognito-idp:DeleteResourceServer",
        "cognito-idp:DeleteUserPool",
        "cognito-idp:DeleteUserPoolClient",
        "cognito-idp:DeleteUserPoolDomain",
        "cognito-idp:SetUserPoolMfaConfig",
        "cognito-idp:TagResource",
        "cognito-idp:UntagResource",
        "cognito-idp:UpdateResourceServer",
        "cognito-idp:UpdateUserPool",
        "cognito-idp:UpdateUserPoolClient",
        "cognito-idp:UpdateUserPoolDomain",
      ]
      resources  = [local.user_pools]
      conditions = local.in_regions
    }
  }
}

resource "aws_iam_policy" "cognito_write" {
  for_each = var.environments

  name        = "${var.role_name_prefix}-${each.key}-cognito-write"
  description = "Change the token issuer (Cognito user pool and clients) of the ${each.key} root, for its apply role"
  policy      = jsonencode(local.policy_documents["${each.key}/cognito_write"])
  tags        = var.tags
}

resource "aws_iam_role_policy_attachment" "apply_cognito_write" {
  for_each = var.environments

  role       = aws_iam_role.apply[each.key].name
  policy_arn = aws_iam_policy.cognito_write[each.key].arn
}
