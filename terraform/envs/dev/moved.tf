# State addresses from before the items-api composition (dev called the modules itself). dev's single API was
# not per Region then, so it has no cheap move and is recreated.
moved {
  from = module.kms
  to   = module.items_api.module.kms
}

moved {
  from = module.table
  to   = module.items_api.module.table
}
