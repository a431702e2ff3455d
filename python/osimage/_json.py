"""Python values to and from jansson's json_t, through jansson's own json_loads and json_dumps.

json_decref() is an inline function in jansson.h, so it cannot be called through ctypes;
release() drops a reference with jansson's exported functions instead, which keeps the
reference count atomic when libosimage holds the same value on another thread.
"""
from __future__ import annotations
import ctypes
import json
TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from typing import Any, Optional

from ._library import jansson, libc

_JSON_DECODE_ANY = 0x4
_JSON_COMPACT = 0x20
_JSON_ENCODE_ANY = 0x200
# json_error_t: int line, column, position; char source[80]; char text[160].
_ERROR_SIZE = 512
_ERROR_TEXT_OFFSET = 3 * 4 + 80


def new_reference(value: Any) -> int:
    """A new json_t reference (an int address) holding `value`; free it with release()."""
    text = json.dumps(value, allow_nan=False, separators=(",", ":")).encode()
    error = ctypes.create_string_buffer(_ERROR_SIZE)
    pointer = jansson.json_loads(text, _JSON_DECODE_ANY, error)
    if not isinstance(pointer, int) or not pointer:
        raise ValueError("jansson refused the JSON: %s" % error.raw[_ERROR_TEXT_OFFSET:].split(b"\0")[0].decode())
    return pointer


def value_of(pointer: Optional[int]) -> Any:
    """The Python value of a json_t (None for NULL); the reference is not consumed."""
    if not pointer:
        return None
    text = jansson.json_dumps(pointer, _JSON_ENCODE_ANY | _JSON_COMPACT)
    if not text:
        raise MemoryError("json_dumps failed")
    try:
        return json.loads(ctypes.string_at(text).decode())
    finally:
        libc.free(text)


def release(pointer: Optional[int]) -> None:
    """Drops one reference to a json_t (NULL is allowed), like json_decref()."""
    if not pointer:
        return
    holder = jansson.json_array()
    if not holder:
        raise MemoryError("json_array failed")
    jansson.json_array_append_new(holder, pointer)  # steals our reference
    jansson.json_delete(holder)  # drops it with jansson's atomic decrement


def take(pointer: Optional[int]) -> Any:
    """The Python value of a new reference, which is released; None for NULL."""
    try:
        return value_of(pointer)
    finally:
        release(pointer)
