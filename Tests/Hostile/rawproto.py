"""Protobuf wire encoding by hand, for messages no well-behaved encoder would produce (a singular
sub-message field repeated thousands of times, which protobuf-c merges on decode)."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts"))
from wireformat import field_bytes, field_varint, varint  # noqa: E402,F401  (re-exported for the tests)


def repeated_submessage(prefix, number, submessage, total_bytes):
    """`prefix` followed by field `number` = `submessage`, repeated until the message is about total_bytes."""
    occurrence = field_bytes(number, submessage)
    return prefix + occurrence * max(1, (total_bytes - len(prefix)) // len(occurrence))
