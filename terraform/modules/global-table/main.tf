resource "aws_dynamodb_table" "this" {
  region = var.region

  name         = var.name
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = var.partition_key.name
  range_key    = try(var.sort_key.name, null)

  # Only key attributes are declared: DynamoDB is schemaless for the rest (and rejects unused attribute definitions).
  dynamic "attribute" {
    for_each = var.sort_key == null ? [var.partition_key] : [var.partition_key, var.sort_key]

    content {
      name = attribute.value.name
      type = attribute.value.type
    }
  }

  # Global tables (version 2019.11.21) replicate through the stream; NEW_AND_OLD_IMAGES is what they require.
  stream_enabled   = true
  stream_view_type = "NEW_AND_OLD_IMAGES"

  server_side_encryption {
    enabled     = true
    kms_key_arn = var.kms_key_arn
  }

  point_in_time_recovery {
    enabled                 = true
    recovery_period_in_days = var.point_in_time_recovery_period_in_days
  }

  deletion_protection_enabled = var.deletion_protection_enabled

  dynamic "ttl" {
    for_each = var.ttl_attribute_name == null ? [] : [var.ttl_attribute_name]

    content {
      enabled        = true
      attribute_name = ttl.value
    }
  }

  dynamic "replica" {
    for_each = var.replicas

    content {
      region_name                 = replica.key
      kms_key_arn                 = replica.value.kms_key_arn
      point_in_time_recovery      = true
      deletion_protection_enabled = var.deletion_protection_enabled
      # Copies the table's tags to the replica natively (no CLI tag copying).
      propagate_tags = true
    }
  }

  tags = var.tags

  lifecycle {
    # hashicorp/aws sets no recovery period on replicas (they keep DynamoDB's 35 days), so any other period on
    # the primary would make the backups kept differ by Region.
    precondition {
      condition     = length(var.replicas) == 0 || var.point_in_time_recovery_period_in_days == 35
      error_message = "point_in_time_recovery_period_in_days must be 35 when the table has replicas: the provider cannot give replicas another period, so the Regions would keep different backups."
    }
  }
}
