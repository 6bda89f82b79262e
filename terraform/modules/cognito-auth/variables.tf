variable "name" {
  description = "Name of the user pool, e.g. `items-api-prod`."
  type        = string

  validation {
    condition     = can(regex("^[\\w\\s+=,.@-]{1,128}$", var.name))
    error_message = "name must be 1-128 characters of letters, digits, spaces and + = , . @ _ -."
  }
}

variable "region" {
  description = "Region of the user pool: the one token issuer every Region's API trusts (prod: the primary Region). `null` uses the provider's Region."
  type        = string
  default     = null

  validation {
    condition     = var.region == null || can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", var.region))
    error_message = "region must be an AWS Region code such as 'eu-west-1', or null."
  }
}

variable "domain_prefix" {
  description = "Prefix of the Cognito domain serving the token endpoint: `https://<prefix>.auth.<region>.amazoncognito.com/oauth2/token`. Unique per Region across all AWS accounts."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$", var.domain_prefix)) && length(regexall("aws|amazon|cognito", var.domain_prefix)) == 0
    error_message = "domain_prefix must be 1-63 lowercase letters, digits and inner hyphens, without the reserved words aws, amazon or cognito."
  }
}

variable "resource_server_identifier" {
  description = "Identifier of the resource server (the API); scopes in tokens are `<identifier>/<scope>`."
  type        = string

  validation {
    condition     = can(regex("^[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,256}$", var.resource_server_identifier))
    error_message = "resource_server_identifier must be 1-256 printable ASCII characters without spaces, '\"' or '\\'."
  }
}

variable "resource_server_name" {
  description = "Display name of the resource server."
  type        = string
  default     = "Items API"

  validation {
    condition     = can(regex("^[\\w\\s+=,.@-]{1,256}$", var.resource_server_name))
    error_message = "resource_server_name must be 1-256 characters of letters, digits, spaces and + = , . @ _ -."
  }
}

variable "scopes" {
  description = "The resource server's scopes: short name (e.g. `items:read`) to description. The contract's security scopes, once it declares them."
  type        = map(string)

  validation {
    condition     = length(var.scopes) >= 1 && length(var.scopes) <= 100
    error_message = "scopes must declare 1 to 100 scopes."
  }

  validation {
    condition = alltrue([
      for name, description in var.scopes :
      can(regex("^[\\x21\\x23-\\x2E\\x30-\\x5B\\x5D-\\x7E]{1,256}$", name)) && length(description) >= 1 && length(description) <= 256
    ])
    error_message = "Every scope name must be 1-256 printable ASCII characters without spaces, '\"', '/' or '\\', with a description of 1-256 characters."
  }
}

variable "machine_clients" {
  description = "App clients for machine-to-machine use (client_credentials grant, with a generated secret): client name to its allowed scopes (short names from `scopes`) and access token validity in minutes."
  type = map(object({
    scopes                        = list(string)
    access_token_validity_minutes = optional(number, 60)
  }))

  validation {
    condition     = length(var.machine_clients) >= 1 && alltrue([for name, _ in var.machine_clients : can(regex("^[\\w\\s+=,.@-]{1,128}$", name))])
    error_message = "machine_clients must declare at least one client, each named with 1-128 characters of letters, digits, spaces and + = , . @ _ -."
  }

  validation {
    condition = alltrue([
      for client in var.machine_clients :
      length(client.scopes) >= 1 && alltrue([for scope in client.scopes : contains(keys(var.scopes), scope)])
    ])
    error_message = "Every machine client needs at least one scope, and every scope it names must be declared in scopes."
  }

  validation {
    condition = alltrue([
      for client in var.machine_clients :
      client.access_token_validity_minutes >= 5 && client.access_token_validity_minutes <= 1440 && floor(client.access_token_validity_minutes) == client.access_token_validity_minutes
    ])
    error_message = "access_token_validity_minutes must be a whole number from 5 to 1440 (Cognito's range: 5 minutes to 1 day)."
  }
}

variable "deletion_protection" {
  description = "Protect the user pool from deletion (deleting it invalidates every client's credentials). Turn off only for throwaway environments."
  type        = bool
  default     = true
  nullable    = false
}

variable "threat_protection_mode" {
  description = "Cognito threat protection (formerly advanced security): `OFF`, `AUDIT` or `ENFORCED`. Anything but `OFF` needs the Plus feature plan, which this module then selects; it watches user sign-ins, which a machine-only pool has none of."
  type        = string
  default     = "OFF"
  nullable    = false

  validation {
    condition     = contains(["OFF", "AUDIT", "ENFORCED"], var.threat_protection_mode)
    error_message = "threat_protection_mode must be OFF, AUDIT or ENFORCED."
  }
}

variable "tags" {
  description = "Tags for the user pool."
  type        = map(string)
  default     = {}
}
