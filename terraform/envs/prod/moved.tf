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
