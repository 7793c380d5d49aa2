#!/usr/bin/env python3
"""Wire interop check between KSI's protobuf-c bridge and Python's `protobuf` package.

  interop.py write DIR   generate Python classes from protos/ (protoc, at test time) into DIR/gen,
                         and write every message's sample, encoded by Python, to DIR/python/<name>.bin
  interop.py check DIR   decode every DIR/swift/<name>.bin (written by the Swift test) with Python
                         and compare it with Python's own sample; every message must be present

The sample rule (every field set to a deterministic non-default value) is the one
scripts/protogen/swiftgen.py writes into WireSamples.swift; each side builds it independently.
"""
import glob
import importlib
import importlib.util
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROTOS = os.environ.get("KSI_PROTOS_DIR", os.path.join(ROOT, "protos"))
WRAPPERS = {"google.protobuf.Int32Value", "google.protobuf.Int64Value", "google.protobuf.StringValue", "google.protobuf.BoolValue"}
DATE = "ksi.v1.Date"



def well_known_protos(protoc):
    """--proto_path of grpc_tools' copy of google/protobuf/*.proto: protoc.main does not add it itself, and
    protos/google/api/annotations.proto imports google/protobuf/descriptor.proto."""
    return "--proto_path=" + os.path.join(os.path.dirname(protoc.__file__), "_proto")

def generate(gen_dir):
    from grpc_tools import protoc

    os.makedirs(gen_dir, exist_ok=True)
    files = sorted(glob.glob(os.path.join(PROTOS, "ksi/v1/*.proto"))) + [os.path.join(PROTOS, "grpc/health/v1/health.proto")]
    rel = [os.path.relpath(f, PROTOS) for f in files]
    args = ["protoc", f"--proto_path={PROTOS}", well_known_protos(protoc), f"--python_out={gen_dir}"] + rel
    if protoc.main(args) != 0:
        sys.exit("interop: protoc failed")
    sys.path.insert(0, gen_dir)
    modules = []
    for r in rel:
        if r.startswith("grpc/"):
            # grpcio owns the `grpc` package name; load the health module from its file instead.
            path = os.path.join(gen_dir, r[:-len(".proto")] + "_pb2.py")
            spec = importlib.util.spec_from_file_location("ksi_interop_" + os.path.basename(path)[:-3], path)
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            modules.append(module)
        else:
            modules.append(importlib.import_module(r[:-len(".proto")].replace("/", ".") + "_pb2"))
    return modules


def message_classes(modules):
    from google.protobuf import message_factory

    classes = {}
    for mod in modules:
        for desc in mod.DESCRIPTOR.message_types_by_name.values():
            if desc.full_name in WRAPPERS or desc.full_name == DATE:
                continue
            classes[desc.full_name] = message_factory.GetMessageClass(desc)
    return classes


def is_repeated(field):
    if hasattr(field, "is_repeated"):
        return field.is_repeated
    return field.label == field.LABEL_REPEATED


def scalar(field, n, i):
    from google.protobuf.descriptor import FieldDescriptor as F

    t = field.type
    if t == F.TYPE_STRING:
        return f"{field.name}-{n}-{i}"
    if t == F.TYPE_BYTES:
        return bytes([n % 256, 0, 255, i])
    if t == F.TYPE_BOOL:
        return i == 0
    wide = t in (F.TYPE_INT64, F.TYPE_SINT64, F.TYPE_SFIXED64, F.TYPE_UINT64, F.TYPE_FIXED64)
    signed = t in (F.TYPE_INT32, F.TYPE_SINT32, F.TYPE_SFIXED32, F.TYPE_INT64, F.TYPE_SINT64, F.TYPE_SFIXED64)
    base = n * 1_000_000_007 if wide else n * 1000 + 7
    sign = -1 if (signed and n % 2 == 0) else 1
    return sign * (base + i)


def fill_date(msg, n, i):
    msg.year, msg.month, msg.day = 2000 + n + i, (n % 12) + 1, (n % 28) + 1


def fill(msg):
    from google.protobuf.descriptor import FieldDescriptor as F

    for field in sorted(msg.DESCRIPTOR.fields, key=lambda f: f.number):
        n = field.number
        if is_repeated(field):
            target = getattr(msg, field.name)
            if field.type == F.TYPE_MESSAGE:
                for i in range(2):
                    sub = target.add()
                    if field.message_type.full_name == DATE:
                        fill_date(sub, n, i)
                    else:
                        fill(sub)
            elif field.type == F.TYPE_ENUM:
                values = field.enum_type.values
                target.extend([values[-1].number, (values[1] if len(values) > 1 else values[0]).number])
            else:
                target.extend([scalar(field, n, 0), scalar(field, n, 1)])
        elif field.type == F.TYPE_MESSAGE:
            sub = getattr(msg, field.name)
            name = field.message_type.full_name
            if name in WRAPPERS:
                # The wrapped value takes the outer field's number and name, as in swiftgen.py.
                inner = field.message_type.fields_by_name["value"]
                sub.value = f"{field.name}-{n}-0" if inner.type == F.TYPE_STRING else scalar(inner, n, 0)
            elif name == DATE:
                fill_date(sub, n, 0)
            else:
                fill(sub)
        elif field.type == F.TYPE_ENUM:
            setattr(msg, field.name, field.enum_type.values[-1].number)
        else:
            setattr(msg, field.name, scalar(field, n, 0))
    return msg


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("write", "check"):
        sys.exit(__doc__)
    mode, out = sys.argv[1], sys.argv[2]
    classes = message_classes(generate(os.path.join(out, "gen")))
    if mode == "write":
        os.makedirs(os.path.join(out, "python"), exist_ok=True)
        for name, cls in classes.items():
            with open(os.path.join(out, "python", name + ".bin"), "wb") as fh:
                fh.write(fill(cls()).SerializeToString())
        print(f"interop: wrote {len(classes)} Python-encoded samples")
        return
    passed, failed = 0, 0
    for name, cls in sorted(classes.items()):
        path = os.path.join(out, "swift", name + ".bin")
        if not os.path.exists(path):
            print(f"interop: {name}: no Swift-encoded sample")
            failed += 1
            continue
        decoded = cls()
        with open(path, "rb") as fh:
            decoded.ParseFromString(fh.read())
        expected = fill(cls())
        if decoded == expected:
            passed += 1
        else:
            failed += 1
            print(f"interop: {name}: Python decoded a different value from KSI's bytes\n  got:      {decoded}\n  expected: {expected}")
    extra = {os.path.basename(p)[:-4] for p in glob.glob(os.path.join(out, "swift", "*.bin"))} - set(classes)
    for name in sorted(extra):
        print(f"interop: {name}: Swift wrote a message Python does not know")
        failed += 1
    print(f"interop: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
