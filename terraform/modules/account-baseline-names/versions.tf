terraform {
  # Terraform >= 1.10 and OpenTofu >= 1.9 both satisfy this (each checks its own version). No provider: constants only.
  required_version = ">= 1.9"
}
