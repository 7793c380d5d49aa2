#!/usr/bin/env python3
"""Checks the gateway's OpenAPI document and real responses against it (run by the Swift tests).

Usage: openapi_check.py SPEC.json [SCHEMA_NAME RESPONSE.json]...
Validates SPEC as OpenAPI 3.1 (openapi-spec-validator), then each RESPONSE against
#/components/schemas/SCHEMA_NAME (JSON Schema 2020-12, as OpenAPI 3.1 uses). Prints "ok" or the errors.
"""
import json
import sys

from jsonschema import Draft202012Validator
from openapi_spec_validator import validate


def main():
    spec_path, pairs = sys.argv[1], sys.argv[2:]
    with open(spec_path, encoding="utf-8") as fh:
        spec = json.load(fh)
    validate(spec)
    failures = 0
    for name, path in zip(pairs[0::2], pairs[1::2]):
        with open(path, encoding="utf-8") as fh:
            body = json.load(fh)
        schema = {"$ref": f"#/components/schemas/{name}", "components": spec["components"]}
        errors = sorted(Draft202012Validator(schema).iter_errors(body), key=lambda e: list(e.absolute_path))
        for error in errors:
            failures += 1
            print(f"{name}: {'/'.join(map(str, error.absolute_path))}: {error.message}")
    if failures:
        sys.exit(1)
    print("ok")


if __name__ == "__main__":
    main()
