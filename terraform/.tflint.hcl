# tflint for `npx nx run terraform:lint` (scripts/lint.sh runs it over every module and environment): zero
# findings is the bar. tflint and the AWS ruleset are built at the versions pinned in tools/go-tools/*/go.mod;
# the ruleset is found in TFLINT_PLUGIN_DIR (no `source`/`version` here: nothing is downloaded).
config {
  # Module calls are local paths: lint what the environments pass into them too.
  call_module_type = "local"
}

# Bundled with tflint. "all": every rule, including the standard module structure of terraform-aws-modules.
plugin "terraform" {
  enabled = true
  preset  = "all"
}

plugin "aws" {
  enabled = true
}
