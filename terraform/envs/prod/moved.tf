# State addresses from before the items-api composition (prod called the modules itself).
moved {
  from = module.kms
  to   = module.items_api.module.kms
}

moved {
  from = module.table
  to   = module.items_api.module.table
}

moved {
  from = module.api
  to   = module.items_api.module.api
}

moved {
  from = aws_sns_topic.alarms
  to   = module.items_api.aws_sns_topic.alarms
}

# Earlier versions set API Gateway's account setting (aws_api_gateway_account) inside the API module; forget it rather
# than reset it: envs/bootstrap's account baseline owns it now. Here in the root, not in lambda-api, because a
# `removed` block with `lifecycle` needs Terraform/OpenTofu 1.10, which the environments require anyway (the S3
# backend's use_lockfile) while the modules keep accepting OpenTofu 1.9.
removed {
  from = module.items_api.module.api.aws_api_gateway_account.this

  lifecycle {
    destroy = false
  }
}
