#!/usr/bin/env python3
"""Parses AIP-193 HTTP error bodies with protobuf's own JSON library, as an integrator would.

  aip193_parse.py BODIES.json      (a JSON array of response bodies)

For each body `{"error": {...}}`: the one key AIP-193 adds to google.rpc.Status (`status`, the code's
name) is set aside, the rest goes through `json_format.ParseDict(…, status_pb2.Status())` — strictly, so
an unknown or misspelt key fails — and every `Any` detail is resolved against googleapis-common-protos'
`error_details_pb2`. Prints a JSON array: {"code", "status", "message", "details": [{"type", …fields}]}
with each detail as `json_format.MessageToDict` gives it. Exits non-zero when a body does not parse.
"""
import json
import sys

from google.protobuf import json_format
from google.rpc import error_details_pb2, status_pb2  # noqa: F401  (registers the detail types)


def parse(body):
    """One AIP-193 body as {"code", "status", "message", "details"}; raises when json_format refuses it."""
    error = dict(body["error"])
    name = error.pop("status", None)
    status = json_format.ParseDict(error, status_pb2.Status())
    details = []
    for detail in status.details:
        type_name = detail.TypeName()
        message = getattr(error_details_pb2, type_name.split(".")[-1])()
        if not detail.Unpack(message):
            raise ValueError(f"{detail.type_url} did not unpack")
        details.append(dict(json_format.MessageToDict(message), type=type_name))
    return {"code": status.code, "status": name, "message": status.message, "details": details}


def main():
    with open(sys.argv[1]) as fh:
        bodies = json.load(fh)
    try:
        out = [parse(body) for body in bodies]
    except ValueError as error:
        sys.exit(f"aip193_parse: {error}")
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
