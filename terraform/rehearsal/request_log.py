"""The rehearsal's request log: every AWS call moto receives, as the caller made it, for the authorization rehearsal.

Each request becomes one JSON line: the step the rehearsal was in (the first line of `<log>.step`, which rehearse.sh
writes before each command), the service, the Region and the operation as AWS's own service models name them
(botocore's, shipped with moto), the request's parameters (JSON or query body, URI labels, query string) and moto's
status. terraform/authorization/ maps each to the IAM action and resource AWS would authorize, and evaluates it as
the role that makes it in CI. A request whose service or operation cannot be named is logged with `operation: null`,
so the mapping fails on it instead of skipping it.
"""

import io
import json
import re
import threading
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

import botocore.session
import cbor2
from botocore.model import OperationModel, ServiceModel

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]

CREDENTIAL = re.compile(r"Credential=[^/]+/\d{8}/([^/]+)/([^/]+)/aws4_request")
RPCV2_PATH = re.compile(r"^/service/[^/]+/operation/([^/?]+)$")


class ServiceModels:
    """AWS's service models by signing name, each loaded on first use."""

    def __init__(self) -> None:
        self.session = botocore.session.get_session()
        self.available = set(self.session.get_available_services())
        self.names: dict[str, str | None] = {}
        self.loaded: dict[str, ServiceModel] = {}

    def name_of(self, signing_name: str) -> str | None:
        """Most services sign with their own name; the rest (CloudWatch signs as "monitoring") are looked up once."""
        if signing_name not in self.names:
            found = signing_name if signing_name in self.available else None
            if found is None:
                for name in sorted(self.available):
                    metadata = self.session.get_service_data(name)["metadata"]
                    if metadata.get("signingName", metadata["endpointPrefix"]) == signing_name:
                        found = name
                        break
            self.names[signing_name] = found
        return self.names[signing_name]

    def get(self, signing_name: str) -> ServiceModel | None:
        name = self.name_of(signing_name)
        if name is None:
            return None
        if name not in self.loaded:
            self.loaded[name] = self.session.get_service_model(name)
        return self.loaded[name]


def uri_pattern(request_uri: str) -> tuple[re.Pattern[str], int]:
    """A requestUri template ("/2015-03-31/functions/{FunctionName}/policy") as a regex; its literal length ranks it."""
    path = request_uri.split("?", 1)[0]
    regex = ""
    for part in re.split(r"(\{[^}]+\})", path):
        if part.startswith("{"):
            name = part[1:-1]
            regex += f"(?P<{name.rstrip('+')}>.+)" if name.endswith("+") else f"(?P<{name}>[^/]+)"
        else:
            regex += re.escape(part)
    return re.compile(f"^{regex}/?$"), len(re.sub(r"\{[^}]+\}", "", path))


def required_locations(operation: OperationModel, location: str) -> list[str]:
    """The headers or query parameters an operation's input requires (CopyObject's x-amz-copy-source tells it from
    PutObject, AbortMultipartUpload's uploadId from DeleteObject)."""
    shape = operation.input_shape
    if shape is None:
        return []
    required = set(shape.required_members)
    return [m.serialization["name"] for n, m in shape.members.items() if n in required and m.serialization.get("location") == location]


def rest_operation(
    model: ServiceModel, method: str, path: str, query: dict[str, str], headers: set[str]
) -> tuple[OperationModel, dict[str, str]] | None:
    """The operation whose method, requestUri and required headers match, the most literal one first (as a REST router
    picks)."""
    best: tuple[int, OperationModel, dict[str, str]] | None = None
    for name in model.operation_names:
        operation = model.operation_model(name)
        http = operation.http
        if http.get("method") != method:
            continue
        needed = required_locations(operation, "header")
        if any(h.lower() not in headers for h in needed) or any(q not in query for q in required_locations(operation, "querystring")):
            continue
        pattern, literal = uri_pattern(http["requestUri"])
        match = pattern.match(path)
        if not match:
            continue
        # A requestUri's query part ("?tagging", "?x-id=GetObject") must be in the request too.
        required = http["requestUri"].split("?", 1)[1].split("&") if "?" in http["requestUri"] else []
        if any(q.split("=", 1)[0] not in query for q in required):
            continue
        rank = literal + 100 * (len(required) + len(needed))
        if best is None or rank > best[0]:
            best = (rank, operation, {k: unquote(v) for k, v in match.groupdict().items()})
    return (best[1], best[2]) if best else None


def describe(models: ServiceModels, environ: dict[str, Any], body: bytes) -> dict[str, Any]:
    """Service, Region, operation and parameters of one request (operation None when it cannot be named)."""
    credential = CREDENTIAL.search(environ.get("HTTP_AUTHORIZATION", ""))
    method = environ["REQUEST_METHOD"]
    raw_path = environ.get("RAW_URI") or environ.get("PATH_INFO", "/")
    url = urlsplit(raw_path)
    path = unquote(url.path)
    query = dict(parse_qsl(url.query or environ.get("QUERY_STRING", ""), keep_blank_values=True))
    entry: dict[str, Any] = {"method": method, "path": path, "service": None, "region": None, "operation": None, "params": {}}
    if credential is None:
        return entry
    entry["region"], signing_name = credential.group(1), credential.group(2)
    model = models.get(signing_name)
    entry["service"] = model.service_name if model else signing_name
    if model is None:
        return entry
    protocol = model.protocol
    params: dict[str, Any] = dict(query)
    operation: str | None = None
    target = environ.get("HTTP_X_AMZ_TARGET")
    rpc = RPCV2_PATH.match(path)
    if rpc:
        operation = rpc.group(1)
        params.update(cbor2.loads(body) if body else {})
    elif target:
        operation = target.rsplit(".", 1)[-1]
        params.update(json.loads(body) if body.strip() else {})
    elif protocol in ("query", "ec2"):
        form = dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
        params.update(form)
        operation = form.get("Action") or query.get("Action")
    else:
        host = environ.get("HTTP_HOST", "").split(":", 1)[0]
        if model.service_name == "s3" and host.count(".") >= 2 and not re.fullmatch(r"[\d.]+", host):
            # Virtual-hosted style (<bucket>.<endpoint>): the bucket is the first label.
            path = f"/{host.split('.', 1)[0]}{path}"
        headers = {k[5:].replace("_", "-").lower() for k in environ if k.startswith("HTTP_")}
        found = rest_operation(model, method, path, query, headers)
        if found:
            operation_model, labels = found
            operation = operation_model.name
            params.update(labels)
            if body and protocol == "rest-json" and environ.get("CONTENT_TYPE", "").startswith("application/json"):
                try:
                    document = json.loads(body)
                    if isinstance(document, dict):
                        params.update(document)
                except ValueError:
                    pass  # a payload that is not a JSON object (a REST API's body): the labels name the resource
    entry["operation"] = operation
    entry["params"] = params
    return entry


def recording(app: WsgiApp, log_path: str) -> WsgiApp:
    """The app, logging each request to log_path (one JSON line each, appended under a lock)."""
    models = ServiceModels()
    lock = threading.Lock()

    def step() -> str:
        try:
            with open(f"{log_path}.step", encoding="utf-8") as f:
                return f.readline().strip()
        except FileNotFoundError:
            return ""

    def recorded(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        environ["wsgi.input"] = io.BytesIO(body)
        try:
            entry = describe(models, environ, body)
        except Exception as error:  # noqa: BLE001 - a request the log cannot read is logged as unnamed, never dropped
            entry = {"method": environ["REQUEST_METHOD"], "path": environ.get("PATH_INFO"), "operation": None, "error": repr(error)}
        answered: dict[str, str] = {}

        def keep_status(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            answered["status"] = status
            return start_response(status, headers, exc_info)

        result = list(app(environ, keep_status))
        entry["step"] = step()
        entry["status"] = int(answered.get("status", "0").split(" ", 1)[0])
        with lock, open(log_path, "a", encoding="utf-8") as log:
            log.write(json.dumps(entry, default=str) + "\n")
        return result

    return recorded
