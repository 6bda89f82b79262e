output "primary_region" {
  description = "Region of the primary key."
  value       = local.primary_region
}

output "primary_key_arn" {
  description = "ARN of the multi-Region primary key."
  value       = aws_kms_key.primary.arn
}

output "primary_key_id" {
  description = "Key ID shared by the primary and its replicas (`mrk-...`)."
  value       = aws_kms_key.primary.key_id
}

output "replica_key_arns" {
  description = "ARNs of the replica keys, by Region."
  value       = { for region, key in aws_kms_replica_key.this : region => key.arn }
}

output "key_arns_by_region" {
  description = "ARN of the key to use in each Region (the primary in its Region, the replica elsewhere)."
  value = merge(
    { (local.primary_region) = aws_kms_key.primary.arn },
    { for region, key in aws_kms_replica_key.this : region => key.arn },
  )
}

output "alias_arns_by_region" {
  description = "ARN of the alias in each Region."
  value = merge(
    { (local.primary_region) = aws_kms_alias.primary.arn },
    { for region, alias in aws_kms_alias.replica : region => alias.arn },
  )
}

output "alias_name" {
  description = "Full alias name (`alias/...`), the same in every Region."
  value       = aws_kms_alias.primary.name
}

output "policy_json" {
  description = "The key policy every key (primary and replicas) is created with. The key resources ignore later changes to it: the caller keeps each Region's policy with an `aws_kms_key_policy` built from this document (plus its own statements)."
  value       = jsonencode(local.key_policy)
}
