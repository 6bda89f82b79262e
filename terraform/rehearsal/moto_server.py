"""moto's server with the rehearsal's stubs: the one place where the emulator is made to answer like AWS.

Usage: moto_server.py <port> [request-log]  (binds 127.0.0.1 only; with a request log, every call is appended to it:
request_log.py). Each stub below has a line in terraform/rehearsal/README.md
saying what the rehearsal therefore does not prove.
"""

import io
import json
import re
import sys
from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from typing import Any

import cbor2
from request_log import recording
from botocore.model import Shape
from moto.apigateway import models as apigateway
from moto.awslambda import models as awslambda
from moto.cognitoidp import models as cognitoidp
from moto.cognitoidp import responses as cognitoidp_responses
from moto.core.responses import EmptyResult
from moto.core.utils import get_service_model
from moto.dynamodb import models as dynamodb_models
from moto.dynamodb import responses as dynamodb
from moto.dynamodb.models.table import Table
from moto.kms import models as kms_models
from moto.kms import responses as kms
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
from werkzeug.serving import make_server


def stub_mock_integrations_without_uri() -> None:
    """PutRestApi: a MOCK integration (the CORS preflights) has no uri or httpMethod; moto requires both (500)."""
    put_integration = apigateway.APIGatewayBackend.put_integration

    def tolerant(self: Any, *args: Any, uri: Any = None, integration_method: Any = None, **kwargs: Any) -> Any:
        return put_integration(self, *args, uri=uri, integration_method=integration_method, **kwargs)

    apigateway.APIGatewayBackend.put_integration = tolerant  # type: ignore[method-assign]


def stub_account_role_reset() -> None:
    """UpdateAccount: resetting cloudwatchRoleArn sends an operation without a value; moto answers 500."""
    apply = apigateway.Account.apply_patch_operations

    def tolerant(self: Any, patch_operations: list[dict[str, Any]]) -> Any:
        ops = [op if "value" in op or "/cloudwatchRoleArn" not in op["path"] else {**op, "value": None} for op in patch_operations]
        return apply(self, ops)

    apigateway.Account.apply_patch_operations = tolerant  # type: ignore[method-assign]


def stub_lambda_logging_config() -> None:
    """CreateFunction/UpdateFunctionConfiguration: moto drops LoggingConfig, so GetFunction never returns it."""
    init = awslambda.LambdaFunction.__init__
    update = awslambda.LambdaFunction.update_configuration
    get = awslambda.LambdaFunction.get_configuration

    def init_keeping(self: Any, *args: Any, **kwargs: Any) -> None:
        init(self, *args, **kwargs)
        spec = kwargs["spec"] if "spec" in kwargs else args[0]
        self.rehearsal_logging_config = spec.get("LoggingConfig")

    def update_keeping(self: Any, config_updates: dict[str, Any]) -> Any:
        if "LoggingConfig" in config_updates:
            self.rehearsal_logging_config = config_updates["LoggingConfig"]
        return update(self, config_updates)

    def get_with(self: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        config = get(self, *args, **kwargs)
        if getattr(self, "rehearsal_logging_config", None):
            config["LoggingConfig"] = self.rehearsal_logging_config
        return config

    awslambda.LambdaFunction.__init__ = init_keeping  # type: ignore[method-assign]
    awslambda.LambdaFunction.update_configuration = update_keeping  # type: ignore[method-assign]
    awslambda.LambdaFunction.get_configuration = get_with  # type: ignore[method-assign]


def stub_cognito_user_pool_tier() -> None:
    """CreateUserPool/UpdateUserPool: moto keeps no feature plan unless one is sent, and UpdateUserPool resets the
    whole configuration, so DescribeUserPool returns no UserPoolTier and every re-plan shows drift. AWS gives a new
    pool ESSENTIALS and keeps its plan until one is sent."""
    update = cognitoidp.CognitoIdpUserPool.update_extended_config

    def keeping_tier(self: Any, extended_config: dict[str, Any]) -> None:
        tier = getattr(self, "extended_config", {}).get("UserPoolTier", "ESSENTIALS")
        update(self, extended_config)
        self.extended_config.setdefault("UserPoolTier", tier)

    cognitoidp.CognitoIdpUserPool.update_extended_config = keeping_tier  # type: ignore[method-assign]


def stub_cognito_resource_server_delete() -> None:
    """DeleteResourceServer: not implemented in moto (500), so every destroy of a resource server times out."""

    def delete_resource_server(self: Any) -> Any:
        user_pool = self.backend.describe_user_pool(self._get_param("UserPoolId"))
        identifier = self._get_param("Identifier")
        if identifier not in user_pool.resource_servers:
            raise cognitoidp.ResourceNotFoundError(f"Resource server {identifier} does not exist.")
        del user_pool.resource_servers[identifier]
        return EmptyResult()

    cognitoidp_responses.CognitoIdpResponse.delete_resource_server = delete_resource_server  # type: ignore[attr-defined]


def stub_kms_rotation_period() -> None:
    """EnableKeyRotation: moto drops RotationPeriodInDays, so GetKeyRotationStatus never returns it."""
    enable = kms.KmsResponse.enable_key_rotation
    status = kms.KmsResponse.get_key_rotation_status

    def enable_keeping(self: Any) -> str:
        answer = enable(self)
        key = self.kms_backend.describe_key(self._get_param("KeyId"))
        key.rehearsal_rotation_period = self._get_param("RotationPeriodInDays") or 365
        return answer

    def status_with(self: Any) -> str:
        answer = json.loads(status(self))
        key = self.kms_backend.describe_key(self._get_param("KeyId"))
        if answer.get("KeyRotationEnabled"):
            answer["RotationPeriodInDays"] = getattr(key, "rehearsal_rotation_period", 365)
        return json.dumps(answer)

    kms.KmsResponse.enable_key_rotation = enable_keeping  # type: ignore[method-assign]
    kms.KmsResponse.get_key_rotation_status = status_with  # type: ignore[method-assign]


def stub_kms_replica_keys() -> None:
    """ReplicateKey: moto's replica is a shallow copy of the primary (shared aliases, grants and multi-Region
    settings, so CreateAlias in the replica's Region conflicts and the primary later reads as a replica) and it
    ignores the request's Tags, Policy and Description. Give the replica its own, as AWS does."""
    replicate = kms.KmsResponse.replicate_key

    def replicate_as_aws(self: Any) -> str:
        answer = json.loads(replicate(self))
        region = self._get_param("ReplicaRegion")
        backend = kms_models.kms_backends[self.current_account][region]
        replica = backend.keys[answer["ReplicaKeyMetadata"]["KeyId"]]
        replica.aliases, replica.grants, replica.rotations = {}, {}, list(replica.rotations)
        replica.multi_region_configuration = {
            **replica.multi_region_configuration,
            "MultiRegionKeyType": "REPLICA",
            "ReplicaKeys": list(replica.multi_region_configuration["ReplicaKeys"]),
        }
        replica.policy = self._get_param("Policy") or replica.generate_default_policy()
        replica.description = self._get_param("Description") or ""
        tags = self._get_param("Tags") or []
        if tags:
            backend.tag_resource(replica.id, {tag["TagKey"]: tag["TagValue"] for tag in tags})
        return json.dumps({"ReplicaKeyMetadata": replica.to_dict()["KeyMetadata"], "ReplicaPolicy": replica.policy})

    kms.KmsResponse.replicate_key = replicate_as_aws  # type: ignore[method-assign]


def stub_dynamodb_replica_updates() -> None:
    """UpdateTable: moto ignores ReplicaUpdates (the provider then waits 30 minutes for a replica). Create and
    delete the replica as a table of the same name in its Region (ACTIVE at once), and list it under Replicas."""
    update = dynamodb.DynamoHandler.update_table
    describe = Table.describe

    def update_with_replicas(self: Any) -> Any:
        table = self.dynamodb_backend.get_table(self.body["TableName"])
        replicas = table.__dict__.setdefault("rehearsal_replicas", {})
        for change in self.body.get("ReplicaUpdates") or []:
            if "Create" in change:
                region, key = change["Create"]["RegionName"], change["Create"].get("KMSMasterKeyId")
                dynamodb_models.dynamodb_backends[self.current_account][region].create_table(
                    name=table.name,
                    schema=table.schema,
                    throughput=None,
                    attr=table.attr,
                    global_indexes=None,
                    indexes=None,
                    streams=table.stream_specification,
                    billing_mode=table.billing_mode,
                    sse_specification={"Enabled": True, "SSEType": "KMS", "KMSMasterKeyId": key},
                    tags=[],
                    deletion_protection_enabled=False,
                    warm_throughput=None,
                )
                replicas[region] = key
            elif "Delete" in change:
                region = change["Delete"]["RegionName"]
                dynamodb_models.dynamodb_backends[self.current_account][region].delete_table(table.name)
                replicas.pop(region, None)
        return update(self)

    def describe_with_replicas(self: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        answer = describe(self, *args, **kwargs)
        replicas = getattr(self, "rehearsal_replicas", {})
        if replicas:
            for description in answer.values():
                description["Replicas"] = [
                    {"RegionName": region, "ReplicaStatus": "ACTIVE", "KMSMasterKeyId": key} for region, key in replicas.items()
                ]
        return answer

    dynamodb.DynamoHandler.update_table = update_with_replicas  # type: ignore[method-assign]
    Table.describe = describe_with_replicas  # type: ignore[method-assign]


# Smithy RPC v2 CBOR: POST /service/<service>/operation/<operation>, CBOR in and out. The services bridged, by the
# name in that path (the JSON protocol's target prefix) -> moto's (botocore's) service name.
RPCV2_CBOR_PATH = re.compile(r"^/service/(?P<service>[A-Za-z0-9]+)/operation/(?P<operation>[A-Za-z0-9]+)$")
RPCV2_CBOR_SERVICES = {"GraniteServiceVersion20100801": "cloudwatch"}
WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def to_cbor_shape(value: Any, shape: Shape | None) -> Any:
    """A JSON-protocol value as RPC v2 CBOR carries it: timestamps as tag 1 (epoch seconds), doubles as floats."""
    if shape is None or value is None:
        return value
    if shape.type_name == "structure":
        return {name: to_cbor_shape(v, shape.members.get(name)) for name, v in value.items()}
    if shape.type_name == "list":
        return [to_cbor_shape(v, shape.member) for v in value]
    if shape.type_name == "map":
        return {k: to_cbor_shape(v, shape.value) for k, v in value.items()}
    if shape.type_name == "timestamp":
        seconds = value if isinstance(value, (int, float)) else datetime.fromisoformat(str(value).replace("Z", "+00:00")).timestamp()
        return cbor2.CBORTag(1, float(seconds))
    if shape.type_name in ("double", "float"):
        return float(value)
    return value


def from_cbor(value: Any) -> Any:
    """CBOR-decoded request values as JSON (timestamps as epoch seconds)."""
    if isinstance(value, dict):
        return {k: from_cbor(v) for k, v in value.items()}
    if isinstance(value, list):
        return [from_cbor(v) for v in value]
    if isinstance(value, datetime):
        return value.replace(tzinfo=value.tzinfo or timezone.utc).timestamp()
    return value


def stub_rpcv2_cbor(app: WsgiApp) -> WsgiApp:
    """CloudWatch: the provider calls it over Smithy RPC v2 CBOR, which moto does not route (404); moto serves the
    same operations over AWS JSON 1.0. Translate the request to JSON and the answer back to CBOR."""

    def bridged(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        match = RPCV2_CBOR_PATH.match(environ.get("PATH_INFO", ""))
        if not match or match["service"] not in RPCV2_CBOR_SERVICES or environ.get("HTTP_SMITHY_PROTOCOL") != "rpc-v2-cbor":
            return app(environ, start_response)
        raw = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        body = json.dumps(from_cbor(cbor2.loads(raw)) if raw else {}).encode()
        environ = {
            **environ,
            "PATH_INFO": "/",
            "RAW_URI": "/",
            "REQUEST_URI": "/",
            "QUERY_STRING": "",
            "CONTENT_TYPE": "application/x-amz-json-1.0",
            "CONTENT_LENGTH": str(len(body)),
            "HTTP_X_AMZ_TARGET": f"{match['service']}.{match['operation']}",
            "wsgi.input": io.BytesIO(body),
        }
        answered: dict[str, Any] = {}

        def keep(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Callable[[bytes], None]:
            answered.update(status=status, headers=headers)
            return lambda _data: None

        text = b"".join(app(environ, keep))
        answer = json.loads(text) if text.strip() else {}
        if answered["status"].startswith("2"):
            operation = get_service_model(RPCV2_CBOR_SERVICES[match["service"]]).operation_model(match["operation"])
            answer = to_cbor_shape(answer, operation.output_shape)
        payload = cbor2.dumps(answer)
        headers = [(k, v) for k, v in answered["headers"] if k.lower() not in ("content-type", "content-length")]
        headers += [("Content-Type", "application/cbor"), ("Smithy-Protocol", "rpc-v2-cbor"), ("Content-Length", str(len(payload)))]
        start_response(answered["status"], headers)
        return [payload]

    return bridged


def main() -> None:
    stub_mock_integrations_without_uri()
    stub_account_role_reset()
    stub_lambda_logging_config()
    stub_cognito_user_pool_tier()
    stub_cognito_resource_server_delete()
    stub_kms_rotation_period()
    stub_kms_replica_keys()
    stub_dynamodb_replica_updates()
    port = int(sys.argv[1])
    app = stub_rpcv2_cbor(DomainDispatcherApplication(create_backend_app))
    if len(sys.argv) > 2:
        app = recording(app, sys.argv[2])
    server = make_server("127.0.0.1", port, app, threaded=True, request_handler=MotoRequestHandler)
    print(f"moto ready on 127.0.0.1:{port}", flush=True)
    try:
        server.serve_forever()  # until killed
    except KeyboardInterrupt:
        server.shutdown()


if __name__ == "__main__":
    main()
