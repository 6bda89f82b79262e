# Every permission policy of an environment's roles is data: a grant per statement, keyed by its Sid, in the file
# of its concern (read.tf, write.tf, cognito.tf, boundary.tf, state.tf), and rendered here as IAM JSON. A grant is
# { actions, resources, conditions }: conditions map a condition key to the values it must equal (StringEquals, the
# only operator these policies use); local.in_regions is the Regions condition every regional grant carries.
#
# The documents are objects the policies jsonencode() rather than aws_iam_policy_document: they render the same under
# a mocked provider (tests/, and the mocked authorization check, terraform/authorization/mocked.ts) as in a plan.

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

  # "<environment>/<policy>" => its document: one statement per grant, in Sid order (a map's keys), so a deployed
  # policy does not change with the order grants are written in.
  policy_documents = { for key, grants in local.policies : key => {
    Version = "2012-10-17"
    Statement = [for sid, grant in grants : merge(
      { Sid = sid, Effect = "Allow", Action = grant.actions, Resource = grant.resources },
      length(grant.conditions) > 0 ? { Condition = { StringEquals = grant.conditions } } : {},
    )]
  } }
}
