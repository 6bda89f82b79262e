locals {
  # The pool's Region from its ARN (arn:aws:cognito-idp:<region>:<account>:userpool/<id>).
  user_pool_region = split(":", aws_cognito_user_pool.this.arn)[3]
  issuer_url       = "https://${aws_cognito_user_pool.this.endpoint}"
}

output "user_pool_id" {
  description = "ID of the user pool."
  value       = aws_cognito_user_pool.this.id
}

output "user_pool_arn" {
  description = "ARN of the user pool: the provider ARN of every Region's API Gateway Cognito authorizer."
  value       = aws_cognito_user_pool.this.arn
}

output "issuer_url" {
  description = "The `iss` claim of the pool's tokens; its JWKS is at `<issuer_url>/.well-known/jwks.json`."
  value       = local.issuer_url
}

output "jwks_url" {
  description = "URL of the pool's public signing keys (JWKS)."
  value       = "${local.issuer_url}/.well-known/jwks.json"
}

output "token_endpoint" {
  description = "The OAuth 2.0 token endpoint machine clients post client_credentials grants to."
  value       = "https://${aws_cognito_user_pool_domain.this.domain}.auth.${local.user_pool_region}.amazoncognito.com/oauth2/token"
}

output "scope_identifiers" {
  description = "Short scope name to the full name tokens carry and methods require (`<resource server identifier>/<scope>`)."
  value       = { for name, _ in var.scopes : name => "${aws_cognito_resource_server.this.identifier}/${name}" }
}

output "client_ids" {
  description = "Machine client name to app client ID. Secrets are not outputs: read one at run time with `aws cognito-idp describe-user-pool-client --user-pool-id <user_pool_id> --client-id <id> --query UserPoolClient.ClientSecret --output text`."
  value       = { for name, client in aws_cognito_user_pool_client.machine : name => client.id }
}
