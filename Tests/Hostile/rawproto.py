"""Protobuf wire encoding by hand, for messages no well-behaved encoder would produce (a singular
sub-message field repeated thousands of times, which protobuf-c merges on decode)."""


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


def field_varint(number, value):
    return varint(number << 3) + varint(value)


def field_bytes(number, payload):
    return varint(number << 3 | 2) + varint(len(payload)) + payload


def repeated_submessage(prefix, number, submessage, total_bytes):
    """`prefix` followed by field `number` = `submessage`, repeated until the message is about total_bytes."""
    occurrence = field_bytes(number, submessage)
    return prefix + occurrence * max(1, (total_bytes - len(prefix)) // len(occurrence))
