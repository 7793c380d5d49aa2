#!/usr/bin/env python3
"""Calls every transcoded RPC of the served OpenAPI document once over HTTPS (issue 14: "a test calls every
annotated RPC over HTTPS at least once, generated from the annotations").

Usage: every_rpc_check.py URL CERT_DIR KSI_BIN
Against a running `ksi dev` (demo year loaded; scripts/every-rpc-run starts one). Every operation whose tag is a
service (`…Service`) is called; path variables are filled with real ids of the demo year where a list of that
collection has one (collected first from the list RPCs), and the caller is each demo organisation in turn until
one answers 2xx. Each answer must be a status the document lists for that operation, never a 5xx, never the
router's "no such route" 404, and its body must validate against the schema the document names for it and
go through protobuf's own JSON library: a 2xx answer is parsed strictly by `json_format.Parse` into the
message class generated from protos/ and written back unchanged, an error by `json_format.ParseDict` into
google.rpc.Status with its details (scripts/protojson_check.py, scripts/aip193_parse.py).
Reads first (GET), then writes, so the writes do not change what the reads find. Prints the count of 2xx.
"""
import json
import os
import re
import ssl
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request

import tempfile

from google.protobuf import json_format
from jsonschema import Draft202012Validator

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import aip193_parse  # noqa: E402
from protojson_check import differences, load_classes  # noqa: E402

ORGS = ["statsforvalter-agder", "kommune-kristiansand", "ppt-kristiansand", "statped", "udir"]
PERSONS = {"statsforvalter-agder": "demo-saksbehandler-ein", "kommune-kristiansand": "demo-eier-owner-4204",
           "ppt-kristiansand": "demo-ppt-leder-ppt-4204", "statped": "demo-statped-leder", "udir": "demo-udir"}
VARIABLE = re.compile(r"\{([a-z_]+)\}")


def through_json_format(message_class, documented, answer, raw, status):
    """What protobuf's JSON library makes of one answer: None when it reads it (and, for a message, writes
    it back unchanged), else why not."""
    try:
        if status >= 400:
            aip193_parse.parse(answer)
            return None
        name = documented["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
        message = json_format.Parse(raw or b"{}", message_class(f"ksi.v1.{name}")(), ignore_unknown_fields=False)
        found = differences(answer, json_format.MessageToDict(message))
        return "; ".join(found[:3]) if found else None
    except Exception as error:  # noqa: BLE001 (any refusal of the library is the finding)
        return f"{type(error).__name__}: {error}"


def main():
    url, certs, ksi = sys.argv[1], sys.argv[2], sys.argv[3]
    message_class = load_classes(tempfile.mkdtemp(prefix="every-rpc-"))
    tokens = {org: subprocess.run([ksi, "token", "--person", PERSONS[org], "--cert-dir", certs, "--lifetime", "3600"],
                                  check=True, capture_output=True, text=True).stdout.strip() for org in ORGS}
    contexts = {}
    for org in ORGS:
        ctx = ssl.create_default_context(cafile=f"{certs}/ca.pem")
        ctx.load_cert_chain(f"{certs}/{org}.pem", f"{certs}/{org}-key.pem")
        contexts[org] = ctx

    def call(org, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(url + path, data=data, method=method.upper(),
                                         headers={"Authorization": f"Bearer {tokens[org]}", "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, context=contexts[org], timeout=30) as answer:
                return answer.status, answer.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    status, raw = call(ORGS[0], "get", "/api/v1/openapi.json")
    assert status == 200, f"the OpenAPI document answered {status}"
    spec = json.loads(raw)
    components = spec["components"]
    operations = [(path, method, op) for path, methods in spec["paths"].items() for method, op in methods.items()
                  if any(tag.endswith("Service") for tag in op.get("tags", []))]

    # Real ids per collection (the first path segment after /api/v1/), from the list RPCs as every organisation.
    ids = {}
    for path, method, op in operations:
        if method != "get" or "{" in path:
            continue
        collection = path.split("/")[3]
        for org in ORGS:
            status, raw = call(org, "get", path)
            if status == 200:
                for item in json.loads(raw).get("items", []):
                    if isinstance(item, dict) and item.get("id"):
                        ids.setdefault(collection, []).append(item["id"])

    def fill(path):
        segments = path.split("/")
        out = []
        for i, segment in enumerate(segments):
            def value(match):
                collection = segments[i - 1] if i > 0 else ""
                known = ids.get(collection) or ids.get(collection.split(":")[0])
                return urllib.parse.quote(known[0] if known else "unknown-" + match.group(1), safe="")
            out.append(VARIABLE.sub(value, segment))
        return "/".join(out)

    failures, ok = [], 0
    for path, method, op in sorted(operations, key=lambda o: o[1] != "get"):
        target = fill(path)
        body = {} if "requestBody" in op else None
        last = None
        for org in ORGS:
            status, raw = call(org, method, target, body)
            last = (org, status, raw)
            if 200 <= status < 300:
                break
        org, status, raw = last
        where = f"{method.upper()} {path} ({op['operationId']}) as {org}: {status}"
        documented = op["responses"].get(str(status))
        if status >= 500 or documented is None:
            failures.append(f"{where} is a 5xx or not documented: {raw[:200]!r}")
            continue
        answer = json.loads(raw) if raw else {}
        if status == 404 and isinstance(answer.get("error"), dict) and answer["error"].get("message") == "Not Found":
            failures.append(f"{where}: the router found no route")
            continue
        schema = dict(documented["content"]["application/json"]["schema"], components=components)
        errors = list(Draft202012Validator(schema).iter_errors(answer))
        if errors:
            failures.append(f"{where}: the answer breaks its schema: {errors[0].message}")
            continue
        problem = through_json_format(message_class, documented, answer, raw, status)
        if problem:
            failures.append(f"{where}: json_format: {problem}")
            continue
        ok += 200 <= status < 300
    print(f"every_rpc_check: {len(operations)} RPCs called, {ok} answered 2xx, {len(failures)} failures")
    for failure in failures:
        print("  " + failure)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
