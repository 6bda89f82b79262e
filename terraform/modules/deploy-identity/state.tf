# The environment's state object and its lock file (S3-native locking: `<key>.tflock`). A plan takes the lock
# too, so both roles write and delete the lock; only the apply role writes the state.

locals {
  state_plan_grants = { for env, own in local.scope : env => {
    # Key names only. Without it S3 answers 403 instead of 404 for a state not written yet (an environment's first
    # plan), and the backend lists workspaces by prefix.
    ListStateKeys = {
      actions    = ["s3:ListBucket"]
      resources  = ["arn:${local.partition}:s3:::${var.state_bucket_name}"]
      conditions = {}
    }

    ReadState = {
      actions    = ["s3:GetObject"]
      resources  = [own.state_object]
      conditions = {}
    }

    Lock = {
      actions    = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
      resources  = ["${own.state_object}.tflock"]
      conditions = {}
    }
  } }

  state_apply_grants = { for env, own in local.scope : env => merge(local.state_plan_grants[env], {
    WriteState = {
      actions    = ["s3:PutObject"]
      resources  = [own.state_object]
      conditions = {}
    }
  }) }
}

resource "aws_iam_role_policy" "plan_state" {
  for_each = var.environments

  name   = "terraform-state"
  role   = aws_iam_role.plan[each.key].id
  policy = jsonencode(local.policy_documents["${each.key}/state_plan"])
}

resource "aws_iam_role_policy" "apply_state" {
  for_each = var.environments

  name   = "terraform-state"
  role   = aws_iam_role.apply[each.key].id
  policy = jsonencode(local.policy_documents["${each.key}/state_apply"])
}
