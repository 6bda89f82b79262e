# Bootstrap: applied once per AWS account, before any environment. It creates what the environments need but
# must not own: the S3 bucket their state lives in (it must exist before their first `init`) and the account
# baseline (API Gateway's logging role and the account settings of every Region they serve from).
# Its own state is local (terraform.tfstate here, git-ignored): keep it, or move it into the bucket it created
# (see terraform/README.md, "Deploy from an empty account").

module "state_bucket" {
  source = "../../modules/state-bucket"

  bucket_name = var.state_bucket_name
  region      = var.state_bucket_region
  tags        = var.tags
}

module "account_baseline" {
  source = "../../modules/account-baseline"

  regions = var.regions
  tags    = var.tags
}

# The identity GitHub Actions deploys dev and prod with (.github/workflows/deploy.yml): OIDC provider, a plan and
# an apply role per environment, and the boundary of the roles an apply creates. Only with a repository.
module "deploy_identity" {
  source = "../../modules/deploy-identity"
  count  = var.github_repository == null ? 0 : 1

  github_repository     = var.github_repository
  oidc_provider_arn     = var.github_oidc_provider_arn
  environments          = var.deploy_environments
  break_glass_role_arns = var.break_glass_role_arns
  state_bucket_name     = module.state_bucket.bucket_name
  regions               = var.regions
  tags                  = var.tags
}
