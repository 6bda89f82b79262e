"""moto's server with the rehearsal's stubs: the one place where the emulator is made to answer like AWS.

Usage: moto_server.py <port>  (binds 127.0.0.1 only). Each stub below has a line in terraform/rehearsal/README.md
saying what the rehearsal therefore does not prove.
"""

import sys
from typing import Any

import json

from moto.apigateway import models as apigateway
from moto.awslambda import models as awslambda
from moto.kms import responses as kms
from moto.server import ThreadedMotoServer


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


def main() -> None:
    stub_mock_integrations_without_uri()
    stub_account_role_reset()
    stub_lambda_logging_config()
    stub_kms_rotation_period()
    port = int(sys.argv[1])
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    print(f"moto ready on 127.0.0.1:{port}", flush=True)
    try:
        server._thread.join()  # serve until killed  # noqa: SLF001
    except KeyboardInterrupt:
        server.stop()


if __name__ == "__main__":
    main()
