#!/usr/bin/env python3
"""Checks the gateway's JSON against protobuf's own JSON library (Python `json_format`), with message
classes generated from protos/ at run time (grpc_tools.protoc into a temporary directory).

  protojson_check.py roundtrip MESSAGE FILE [MESSAGE FILE]...
      Parses each FILE (a real gateway response) as MESSAGE (`ksi.v1.NeedsReport`) with
      json_format.Parse(..., ignore_unknown_fields=False), writes it back with MessageToJson and compares
      the two JSON values; prints "ok" or every difference (exit 1).
  protojson_check.py encode MESSAGE IN OUT [proto-names]
      Parses IN as MESSAGE and writes json_format.MessageToJson of the Python message to OUT: what a Python
      client using protobuf's JSON library sends (with `proto-names`: the proto field names, snake_case).
"""
import glob
import importlib
import json
import os
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROTOS = os.path.join(ROOT, "protos")


def load_classes(gen_dir):
    from grpc_tools import protoc
    from google.protobuf import descriptor_pool, message_factory

    files = sorted(os.path.relpath(f, PROTOS) for f in glob.glob(os.path.join(PROTOS, "ksi/v1/*.proto")))
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from grpc_client_check import well_known_protos

    if protoc.main(["protoc", f"--proto_path={PROTOS}", well_known_protos(protoc), f"--python_out={gen_dir}", *files]) != 0:
        sys.exit("protojson_check: protoc failed")
    sys.path.insert(0, gen_dir)
    for f in files:
        importlib.import_module(f[:-len(".proto")].replace("/", ".") + "_pb2")
    pool = descriptor_pool.Default()
    return lambda name: message_factory.GetMessageClass(pool.FindMessageTypeByName(name))


def differences(a, b, path="$"):
    if type(a) is not type(b):
        return [f"{path}: {json.dumps(a, ensure_ascii=False)} != {json.dumps(b, ensure_ascii=False)}"]
    if isinstance(a, dict):
        out = []
        for key in sorted(set(a) | set(b)):
            if key not in a or key not in b:
                out.append(f"{path}.{key}: only in the {'gateway' if key in a else 'json_format'} JSON")
            else:
                out.extend(differences(a[key], b[key], f"{path}.{key}"))
        return out
    if isinstance(a, list):
        if len(a) != len(b):
            return [f"{path}: {len(a)} elements != {len(b)}"]
        return [d for i, (x, y) in enumerate(zip(a, b)) for d in differences(x, y, f"{path}[{i}]")]
    return [] if a == b else [f"{path}: {json.dumps(a, ensure_ascii=False)} != {json.dumps(b, ensure_ascii=False)}"]


def main(argv):
    from google.protobuf import json_format

    if len(argv) < 3 or argv[0] not in ("roundtrip", "encode"):
        sys.exit(__doc__)
    with tempfile.TemporaryDirectory() as gen:
        message_class = load_classes(gen)
        if argv[0] == "encode":
            with open(argv[2], encoding="utf-8") as fh:
                message = json_format.Parse(fh.read(), message_class(argv[1])(), ignore_unknown_fields=False)
            with open(argv[3], "w", encoding="utf-8") as fh:
                fh.write(json_format.MessageToJson(message, preserving_proto_field_name=argv[4:] == ["proto-names"], ensure_ascii=False))
            return
        failures = []
        pairs = argv[1:]
        for name, path in zip(pairs[0::2], pairs[1::2]):
            with open(path, encoding="utf-8") as fh:
                original = fh.read()
            try:
                message = json_format.Parse(original, message_class(name)(), ignore_unknown_fields=False)
            except json_format.ParseError as error:
                failures.append(f"{name} ({os.path.basename(path)}): json_format cannot parse it: {error}")
                continue
            again = json.loads(json_format.MessageToJson(message))
            failures.extend(f"{name} ({os.path.basename(path)}): {d}" for d in differences(json.loads(original), again))
        for failure in failures:
            print(failure)
        if failures:
            sys.exit(1)
        print("ok")


if __name__ == "__main__":
    main(sys.argv[1:])
