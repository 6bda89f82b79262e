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
# Written as jsonencode() of the statements (not aws_iam_policy_document) so that it renders the same under a mocked
# provider as in a plan (lambda-api's iam.tf says why).
locals {
  alarm_topic_policies = {
    for region, topic in aws_sns_topic.alarms : region => {
      Version = "2012-10-17"
      Statement = [
        {
          Sid       = "CloudWatchAlarmsOfThisEnvironment"
          Effect    = "Allow"
          Action    = ["sns:Publish"]
          Resource  = [topic.arn]
          Principal = { Service = ["cloudwatch.${data.aws_partition.current.dns_suffix}"] }
          Condition = {
            StringEquals = { "aws:SourceAccount" = [data.aws_caller_identity.current.account_id] }
            ArnLike      = { "aws:SourceArn" = ["arn:${data.aws_partition.current.partition}:cloudwatch:${region}:${data.aws_caller_identity.current.account_id}:alarm:${local.name}-*"] }
          }
        },
        {
          Sid       = "AccountManagesTheTopic"
          Effect    = "Allow"
          Action    = ["sns:GetTopicAttributes", "sns:SetTopicAttributes", "sns:ListSubscriptionsByTopic", "sns:Subscribe"]
          Resource  = [topic.arn]
          Principal = { AWS = ["arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root"] }
        },
      ]
    }
  }
}

resource "aws_sns_topic_policy" "alarms" {
  for_each = aws_sns_topic.alarms

  region = each.key

  arn    = each.value.arn
  policy = jsonencode(local.alarm_topic_policies[each.key])
}
