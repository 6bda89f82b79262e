# One user pool as the OAuth 2.0 authorization server of the API: a resource server with the API's scopes, a
# domain for the token endpoint, and an app client per machine client (client_credentials only). No users sign
# in here; API Gateway's Cognito authorizers verify the access tokens it issues.

resource "aws_cognito_user_pool" "this" {
  region = var.region
  name   = var.name

  deletion_protection = var.deletion_protection ? "ACTIVE" : "INACTIVE"
  # Machine-to-machine grants work on every plan; threat protection is a Plus feature.
  user_pool_tier = var.threat_protection_mode == "OFF" ? "ESSENTIALS" : "PLUS"

  user_pool_add_ons {
    advanced_security_mode = var.threat_protection_mode
  }

  # Nobody signs up: the pool has no users, only app clients.
  admin_create_user_config {
    allow_admin_create_user_only = true
  }

  password_policy {
    minimum_length                   = 16
    require_lowercase                = true
    require_uppercase                = true
    require_numbers                  = true
    require_symbols                  = true
    temporary_password_validity_days = 1
  }

  tags = var.tags
}

resource "aws_cognito_user_pool_domain" "this" {
  region       = var.region
  domain       = var.domain_prefix
  user_pool_id = aws_cognito_user_pool.this.id
}

resource "aws_cognito_resource_server" "this" {
  region       = var.region
  user_pool_id = aws_cognito_user_pool.this.id
  identifier   = var.resource_server_identifier
  name         = var.resource_server_name

  dynamic "scope" {
    for_each = var.scopes
    content {
      scope_name        = scope.key
      scope_description = scope.value
    }
  }
}

resource "aws_cognito_user_pool_client" "machine" {
  for_each = var.machine_clients

  region       = var.region
  name         = each.key
  user_pool_id = aws_cognito_user_pool.this.id

  # A confidential client: Cognito's client_credentials grant requires a secret.
  generate_secret                      = true
  allowed_oauth_flows_user_pool_client = true
  allowed_oauth_flows                  = ["client_credentials"]
  # Full names from the resource server, so a client is created only after the scopes it names exist.
  allowed_oauth_scopes         = [for scope in each.value.scopes : "${aws_cognito_resource_server.this.identifier}/${scope}"]
  supported_identity_providers = ["COGNITO"]
  # No user sign-in flows: the only flow is the token endpoint's client_credentials grant.
  explicit_auth_flows           = ["ALLOW_REFRESH_TOKEN_AUTH"]
  prevent_user_existence_errors = "ENABLED"
  enable_token_revocation       = true

  access_token_validity = each.value.access_token_validity_minutes
  token_validity_units {
    access_token = "minutes"
  }
}
