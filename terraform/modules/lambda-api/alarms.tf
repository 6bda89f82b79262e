locals {
  alarm_actions = var.alarm_sns_topic_arn == null ? [] : [var.alarm_sns_topic_arn]
  alarms = var.create_alarms ? {
    api-5xx-rate = {
      description         = "More than ${var.alarm_5xx_rate_threshold_percent}% of requests to ${var.name}/${var.stage_name} ended in a 5XX."
      namespace           = "AWS/ApiGateway"
      metric_name         = "5XXError"
      statistic           = "Average" # 5XXError is 0 or 1 per request: its average is the error rate
      extended_statistic  = null
      threshold           = var.alarm_5xx_rate_threshold_percent / 100
      comparison_operator = "GreaterThanThreshold"
      dimensions          = { ApiName = aws_api_gateway_rest_api.this.name, Stage = aws_api_gateway_stage.this.stage_name }
    }
    api-p99-latency = {
      description         = "p99 latency of ${var.name}/${var.stage_name} is above ${var.alarm_p99_latency_threshold_ms} ms."
      namespace           = "AWS/ApiGateway"
      metric_name         = "Latency"
      statistic           = null
      extended_statistic  = "p99"
      threshold           = var.alarm_p99_latency_threshold_ms
      comparison_operator = "GreaterThanThreshold"
      dimensions          = { ApiName = aws_api_gateway_rest_api.this.name, Stage = aws_api_gateway_stage.this.stage_name }
    }
    lambda-errors = {
      description         = "The ${var.name} handler threw (unhandled errors, timeouts or crashes)."
      namespace           = "AWS/Lambda"
      metric_name         = "Errors"
      statistic           = "Sum"
      extended_statistic  = null
      threshold           = 0
      comparison_operator = "GreaterThanThreshold"
      dimensions          = { FunctionName = aws_lambda_function.this.function_name }
    }
    lambda-throttles = {
      description         = "Invocations of the ${var.name} handler were throttled (reserved concurrency or account quota reached)."
      namespace           = "AWS/Lambda"
      metric_name         = "Throttles"
      statistic           = "Sum"
      extended_statistic  = null
      threshold           = 0
      comparison_operator = "GreaterThanThreshold"
      dimensions          = { FunctionName = aws_lambda_function.this.function_name }
    }
  } : {}
}

resource "aws_cloudwatch_metric_alarm" "this" {
  for_each = local.alarms

  region = var.region

  alarm_name          = "${var.name}-${local.region}-${each.key}"
  alarm_description   = each.value.description
  namespace           = each.value.namespace
  metric_name         = each.value.metric_name
  statistic           = each.value.statistic
  extended_statistic  = each.value.extended_statistic
  dimensions          = each.value.dimensions
  period              = 60
  evaluation_periods  = var.alarm_evaluation_periods
  datapoints_to_alarm = var.alarm_evaluation_periods
  threshold           = each.value.threshold
  comparison_operator = each.value.comparison_operator
  treat_missing_data  = "notBreaching" # no traffic is not an outage
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
  tags                = var.tags

  lifecycle {
    # API Gateway ends every request at the contract's integration timeout: a higher p99 threshold never fires.
    precondition {
      condition     = var.alarm_p99_latency_threshold_ms <= local.integration_timeout_millis
      error_message = "alarm_p99_latency_threshold_ms (${var.alarm_p99_latency_threshold_ms}) must be at most the integration timeout of ${local.integration_timeout_millis} ms."
    }
  }
}
