"""leftovers.py <endpoint> <name> <region...>: print what moto still holds of the env named <name>; exit 1 if anything.

After `destroy`, nothing may remain but customer keys pending deletion (AWS's minimum waiting period; moto models it
too) and AWS managed keys (which moto, like AWS, creates on first use by a service). Other envs may still be up: only
what is named after <name> (items-api-<environment>) or, for keys, tagged with that Environment, counts.
"""

import sys

import boto3

endpoint, name, regions = sys.argv[1], sys.argv[2], sys.argv[3:]
environment = name.removeprefix("items-api-")  # the composition's default name, items-api-<environment>
left: list[str] = []


def client(service: str, region: str):  # noqa: ANN201
    return boto3.client(service, endpoint_url=endpoint, region_name=region)


left += [f"iam role {r['RoleName']}" for r in client("iam", regions[0]).list_roles()["Roles"] if r["RoleName"].startswith(name)]
for region in regions:
    left += [f"{region} table {t}" for t in client("dynamodb", region).list_tables()["TableNames"] if t.startswith(name)]
    left += [f"{region} function {f['FunctionName']}" for f in client("lambda", region).list_functions()["Functions"] if f["FunctionName"].startswith(name)]
    apigateway = client("apigateway", region)
    left += [f"{region} rest api {a['name']}" for a in apigateway.get_rest_apis()["items"] if a["name"].startswith(name)]
    left += [f"{region} usage plan {p['name']}" for p in apigateway.get_usage_plans()["items"] if p["name"].startswith(name)]
    left += [f"{region} api key {k['name']}" for k in apigateway.get_api_keys()["items"] if k["name"].startswith(name)]
    pools = client("cognito-idp", region).list_user_pools(MaxResults=60)["UserPools"]
    left += [f"{region} user pool {p['Name']}" for p in pools if p["Name"].startswith(name)]
    left += [f"{region} log group {g['logGroupName']}" for g in client("logs", region).describe_log_groups()["logGroups"] if name in g["logGroupName"]]
    kms = client("kms", region)
    aliases = kms.list_aliases()["Aliases"]
    left += [f"{region} kms alias {a['AliasName']}" for a in aliases if a["AliasName"] == f"alias/{name}"]
    # moto creates the AWS managed keys (alias/aws/<service>) on first use, as AWS does, but marks them CUSTOMER.
    aws_managed = {a.get("TargetKeyId") for a in aliases if a["AliasName"].startswith("alias/aws/")}
    for key in kms.list_keys()["Keys"]:
        meta = kms.describe_key(KeyId=key["KeyId"])["KeyMetadata"]
        if key["KeyId"] in aws_managed or meta["KeyManager"] != "CUSTOMER" or meta["KeyState"] == "PendingDeletion":
            continue
        # Another env's keys may still be up (the two-env check): keys carry their env's Environment tag; an
        # untagged key counts against whichever env is checked.
        tags = {t["TagKey"]: t["TagValue"] for t in kms.list_resource_tags(KeyId=key["KeyId"])["Tags"]}
        if tags.get("Environment", environment) == environment:
            left.append(f"{region} kms key {key['KeyId']} ({meta['KeyState']}, {meta.get('Description', '')!r})")
    left += [f"{region} sns topic {t['TopicArn']}" for t in client("sns", region).list_topics()["Topics"] if name in t["TopicArn"]]
    left += [f"{region} alarm {a['AlarmName']}" for a in client("cloudwatch", region).describe_alarms()["MetricAlarms"] if a["AlarmName"].startswith(name)]
    parameters = client("ssm", region).get_parameters_by_path(Path=f"/{name}/", Recursive=True)["Parameters"]
    left += [f"{region} ssm parameter {p['Name']}" for p in parameters]

for line in left:
    print(f"left after destroy: {line}", file=sys.stderr)
sys.exit(1 if left else 0)
