# API Gateway's execution role for the operations it serves by calling DynamoDB itself (the contract's `dynamodb`
# integration kind, `integrations.dynamodb` in infrastructure.json): per table, exactly the actions those operations
# declare on it, on this Region's replica, and the key's decryption through DynamoDB. No role when no operation is
# served so.

locals {
  # The kind appears in infrastructure.json only when some operation uses it, always with its tables' actions.
  dynamodb_integration_table_statements = try(local.table_statements.dynamodb, [])
  dynamodb_integration_roles            = length(local.dynamodb_integration_table_statements) > 0 ? toset(["this"]) : toset([])

  # Built from the name, like the invoke ARN (api.tf): the body must not depend on the role, or the REST API's
  # create_before_destroy would spread to it. The stage waits for the role's policy instead.
  dynamodb_integration_role_name = "${var.name}-direct-${local.region}"
  dynamodb_integration_role_arn  = "arn:${local.partition}:iam::${local.account_id}:role/${local.dynamodb_integration_role_name}"
}

locals {
  assume_apigateway_policy = {
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = ["sts:AssumeRole"]
      Principal = { Service = ["apigateway.${local.dns_suffix}"] }
      # No aws:SourceAccount / aws:SourceArn condition: API Gateway does not set them when it assumes an AWS
      # integration's credentials role, so such a condition denies every call (500 on each direct request; seen on
      # AWS: aws-solutions-library-samples/accelerated-intelligent-document-processing-on-aws#479). Another account
      # cannot name this role in its integrations (iam:PassRole does not cross accounts), and the role can only read
      # and delete items of this Region's tables.
    }]
  }

  dynamodb_integration_policy = {
    Version = "2012-10-17"
    Statement = concat(local.dynamodb_integration_table_statements, [
      # DynamoDB decrypts the table key (a customer managed key) on the caller's behalf; nothing else uses the key.
      {
        Sid       = "DecryptThroughDynamoDB"
        Effect    = "Allow"
        Action    = ["kms:Decrypt"]
        Resource  = [var.kms_key_arn]
        Condition = { StringEquals = { "kms:ViaService" = ["dynamodb.${local.region}.${local.dns_suffix}"] } }
      },
    ])
  }
}

resource "aws_iam_role" "dynamodb_integration" {
  for_each = local.dynamodb_integration_roles

  name                 = local.dynamodb_integration_role_name
  description          = "API Gateway's role for the ${var.name} operations served from DynamoDB directly in ${local.region}"
  assume_role_policy   = jsonencode(local.assume_apigateway_policy)
  max_session_duration = 3600
  permissions_boundary = var.permissions_boundary_arn
  tags                 = var.tags
}

resource "aws_iam_role_policy" "dynamodb_integration" {
  for_each = local.dynamodb_integration_roles

  name   = "least-privilege"
  role   = aws_iam_role.dynamodb_integration[each.key].id
  policy = jsonencode(local.dynamodb_integration_policy)
}
