"""Protobuf wire encoding by hand, for bytes no well-behaved encoder produces (the fuzzer's seed corpus,
the hostile-client suite): varints, tags and length-delimited fields."""


def varint(value):
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def tag(number, wire_type):
    return varint(number << 3 | wire_type)


def field_varint(number, value):
    return tag(number, 0) + varint(value)


def field_bytes(number, payload):
    return tag(number, 2) + varint(len(payload)) + payload
