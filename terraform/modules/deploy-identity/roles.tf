# The roles and who may assume them: a GitHub Actions token for this repository, audience sts.amazonaws.com, and a
# subject naming the environment (or a pull request, for a plan role that allows it). Nothing else is trusted.

locals {
  # Per environment, the trust policy of each role: which subjects it takes. Written as objects the roles
  # jsonencode() (see grants.tf for why).
  trust_policies = { for env, own in local.scope : env => {
    for role, subjects in { plan = own.subjects_plan, apply = [own.subject_apply] } : role => {
      Version                    = "2012-10-17"
      Statement = [{
        Effect    = "Allow"
        Action    = ["sts:AssumeRoleWithWebIdentity"]
        Principal = { Federated = [local.provider_id] }
        Condition = {
          StringEquals = {
            "${local.token_host}:aud" = ["sts.amazonaws.com"]
            "${local.token_host}:sub" = subjects
          }
        }
      }]
    }
  } }
}

resource "aws_iam_role" "plan" {
  for_each = var.environments

  name                 = local.scope[each.key].plan_role
  description          = "GitHub Actions (${var.github_repository}, ${each.key}): read-only plan of ${each.value.resource_name}"
  assume_role_policy   = jsonencode(local.trust_policies[each.key].plan)
  max_session_duration = var.max_session_duration
  tags                 = var.tags

  lifecycle {
    precondition {
      condition     = !startswith(each.value.resource_name, var.role_name_prefix)
      error_message = "role_name_prefix '${var.role_name_prefix}' starts the resource_name of '${each.key}': its apply role could change its own roles."
    }
  }
}

resource "aws_iam_role" "apply" {
  for_each = var.environments

  name                 = local.scope[each.key].apply_role
  description          = "GitHub Actions (${var.github_repository}, ${each.key}): applies plans of ${each.value.resource_name}"
  assume_role_policy   = jsonencode(local.trust_policies[each.key].apply)
  max_session_duration = var.max_session_duration
  tags                 = var.tags
}

resource "aws_iam_role_policy_attachment" "plan_read" {
  for_each = var.environments

  role       = aws_iam_role.plan[each.key].name
  policy_arn = aws_iam_policy.read[each.key].arn
}

resource "aws_iam_role_policy_attachment" "apply_read" {
  for_each = var.environments

  role       = aws_iam_role.apply[each.key].name
  policy_arn = aws_iam_policy.read[each.key].arn
}

resource "aws_iam_role_policy_attachment" "apply_write" {
  for_each = var.environments

  role       = aws_iam_role.apply[each.key].name
  policy_arn = aws_iam_policy.write[each.key].arn
}
