# The names the account baseline publishes and the environments look up, stated once for both sides.
output "apigateway_cloudwatch_role_parameter" {
  description = "SSM parameter, in every Region the baseline covers, holding the ARN of the role set in that Region's API Gateway account settings."
  value       = "/items-api/account-baseline/apigateway-cloudwatch-role-arn"
}
