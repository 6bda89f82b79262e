# The cursor signing key: an SSM SecureString parameter in this Region, encrypted with this Region's key.
#
# Terraform names the parameter and grants the function its read (iam.tf), but does not create it: the AWS
# provider reads a managed parameter's value back, decrypted, into the state on every refresh (`ignore_changes`
# only hides the diff), and write-only arguments need Terraform/OpenTofu 1.11. So the key is written outside
# Terraform by `npm run cursor-key -- set --env <env>` (terraform/scripts/cursor-key.ts), which reads the name and
# the key ARN from the output `cursor_signing_key_parameter`, and it never reaches the state or a plan.
locals {
  cursor_key_parameter_name = "/${var.name}/cursor-signing-key"
  # A name that starts with "/" continues the ARN's "parameter" without a second slash.
  cursor_key_parameter_arn = "arn:${local.partition}:ssm:${local.region}:${local.account_id}:parameter${local.cursor_key_parameter_name}"
}
