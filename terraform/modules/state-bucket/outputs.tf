output "bucket_name" {
  description = "Name of the state bucket (`bucket` in backend.hcl)."
  value       = aws_s3_bucket.this.id
}

output "bucket_arn" {
  description = "ARN of the state bucket."
  value       = aws_s3_bucket.this.arn
}
