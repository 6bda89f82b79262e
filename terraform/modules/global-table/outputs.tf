output "name" {
  description = "Table name (the same in every Region)."
  value       = aws_dynamodb_table.this.name
}

output "arn" {
  description = "ARN of the table in its own Region."
  value       = aws_dynamodb_table.this.arn
}

output "region" {
  description = "Region of the table the replicas were created from."
  value       = aws_dynamodb_table.this.region
}

output "replica_arns" {
  description = "ARNs of the replicas, by Region."
  value       = { for replica in aws_dynamodb_table.this.replica : replica.region_name => replica.arn }
}

output "arns_by_region" {
  description = "ARN of the table or replica in every Region of the global table."
  value = merge(
    { (aws_dynamodb_table.this.region) = aws_dynamodb_table.this.arn },
    { for replica in aws_dynamodb_table.this.replica : replica.region_name => replica.arn },
  )
}

output "stream_arn" {
  description = "ARN of the table's stream (NEW_AND_OLD_IMAGES)."
  value       = aws_dynamodb_table.this.stream_arn
}

output "hash_key" {
  description = "Name of the partition key attribute."
  value       = aws_dynamodb_table.this.hash_key
}

output "range_key" {
  description = "Name of the sort key attribute, or `null` when the table has none."
  value       = aws_dynamodb_table.this.range_key
}
