# Alarm notifications: one topic per Region (CloudWatch alarms notify topics in their own Region), encrypted
# with that Region's key. Subscribe your on-call tooling to them.
resource "aws_sns_topic" "alarms" {
  for_each = var.create_alarms ? toset(var.regions) : toset([])

  region = each.key

  name              = "${local.name}-alarms"
  display_name      = "${local.name} alarms (${each.key})"
  kms_master_key_id = module.kms.key_arns_by_region[each.key]
  tags              = local.tags
}

# Who may publish: CloudWatch's alarms of this environment in the topic's Region, as AWS recommends against the
# confused deputy (Amazon CloudWatch User Guide, "Setting up Amazon SNS notifications": aws:SourceAccount and
# aws:SourceArn on the cloudwatch.amazonaws.com principal), and the account's IAM for managing the topic, instead of
# SNS's default policy, which lets any principal of the account publish and names no service.
data "aws_iam_policy_document" "alarm_topic" {
  for_each = aws_sns_topic.alarms

  statement {
    sid       = "CloudWatchAlarmsOfThisEnvironment"
    actions   = ["sns:Publish"]
    resources = [each.value.arn]

    principals {
      type        = "Service"
      identifiers = ["cloudwatch.${data.aws_partition.current.dns_suffix}"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }

    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = ["arn:${data.aws_partition.current.partition}:cloudwatch:${each.key}:${data.aws_caller_identity.current.account_id}:alarm:${local.name}-*"]
    }
  }

  statement {
    sid       = "AccountManagesTheTopic"
    actions   = ["sns:GetTopicAttributes", "sns:SetTopicAttributes", "sns:ListSubscriptionsByTopic", "sns:Subscribe"]
    resources = [each.value.arn]

    principals {
      type        = "AWS"
      identifiers = ["arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root"]
    }
  }
}

resource "aws_sns_topic_policy" "alarms" {
  for_each = aws_sns_topic.alarms

  region = each.key

  arn    = each.value.arn
  policy = data.aws_iam_policy_document.alarm_topic[each.key].json
}
