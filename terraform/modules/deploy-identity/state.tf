# The environment's state object and its lock file (S3-native locking: `<key>.tflock`). A plan takes the lock
# too, so both roles write and delete the lock; only the apply role writes the state.

data "aws_iam_policy_document" "state_plan" {
  for_each = var.environments

  # Key names only. Without it S3 answers 403 instead of 404 for a state not written yet (an environment's first
  # plan), and the backend lists workspaces by prefix.
  statement {
    sid       = "ListStateKeys"
    actions   = ["s3:ListBucket"]
    resources = ["arn:${local.partition}:s3:::${var.state_bucket_name}"]
  }

  statement {
    sid       = "ReadState"
    actions   = ["s3:GetObject"]
    resources = [local.scope[each.key].state_object]
  }

  statement {
    sid       = "Lock"
    actions   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
    resources = ["${local.scope[each.key].state_object}.tflock"]
  }
}

data "aws_iam_policy_document" "state_apply" {
  for_each = var.environments

  source_policy_documents = [data.aws_iam_policy_document.state_plan[each.key].json]

  statement {
    sid       = "WriteState"
    actions   = ["s3:PutObject"]
    resources = [local.scope[each.key].state_object]
  }
}

resource "aws_iam_role_policy" "plan_state" {
  for_each = var.environments

  name   = "terraform-state"
  role   = aws_iam_role.plan[each.key].id
  policy = data.aws_iam_policy_document.state_plan[each.key].json
}

resource "aws_iam_role_policy" "apply_state" {
  for_each = var.environments

  name   = "terraform-state"
  role   = aws_iam_role.apply[each.key].id
  policy = data.aws_iam_policy_document.state_apply[each.key].json
}
