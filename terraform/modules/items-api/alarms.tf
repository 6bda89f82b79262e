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
