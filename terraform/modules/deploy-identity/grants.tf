# Every permission policy of an environment's roles is data: a grant per statement, keyed by its Sid, in the file
# of its concern (read.tf, write.tf, cognito.tf, boundary.tf, state.tf), and rendered here by one document. A grant
# is { actions, resources, conditions }: conditions map a condition key to the values it must equal (StringEquals,
# the only operator these policies use); local.in_regions is the Regions condition every regional grant carries.

locals {
  # "<environment>/<policy>" => its grants, each checked for the shape above (a grant missing one fails here).
  policies = merge([
    for env in keys(var.environments) : {
      for policy, grants in {
        read          = local.read_grants[env]
        write         = local.write_grants[env]
        cognito_write = local.cognito_write_grants
        boundary      = local.boundary_grants[env]
        state_plan    = local.state_plan_grants[env]
        state_apply   = local.state_apply_grants[env]
        } : "${env}/${policy}" => {
        for sid, grant in grants : sid => {
          actions    = tolist(grant.actions)
          resources  = tolist(grant.resources)
          conditions = tomap(grant.conditions)
        }
      }
    }
  ]...)
}

data "aws_iam_policy_document" "grants" {
  for_each = local.policies

  dynamic "statement" {
    for_each = each.value

    content {
      sid       = statement.key
      actions   = statement.value.actions
      resources = statement.value.resources

      dynamic "condition" {
        for_each = statement.value.conditions

        content {
          test     = "StringEquals"
          variable = condition.key
          values   = condition.value
        }
      }
    }
  }
}
