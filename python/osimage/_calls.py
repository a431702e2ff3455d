"""The one place that calls a C function: converts the arguments, passes the out-parameter
and the osi_error, frees what it made, and turns a failure into an exception."""
from __future__ import annotations
import ctypes
import math
TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from typing import Any, Callable, List, Optional, Sequence, Union

from . import _json
from ._callbacks import Callback, LogCallback, NoCallback
from ._library import osimage
from ._prototypes import PROTOTYPES
from .errors import InvalidArgumentError, UnsupportedError, from_error


class JSON:
    """Marks an argument to pass as a borrowed json_t (None passes NULL)."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value


def text(value: Union[str, bytes, None], name: str) -> Optional[bytes]:
    """A str argument as UTF-8 bytes; None stays None (NULL)."""
    if value is None or isinstance(value, bytes):
        return value
    if not isinstance(value, str):
        raise TypeError("%s must be a str, not %s" % (name, type(value).__name__))
    if "\0" in value:
        raise InvalidArgumentError("%s must not contain a NUL character" % name)
    return value.encode("utf-8")


def time_limit(seconds: Optional[float]) -> Optional[float]:
    """A wait's "timeout" option: None (JSON null: no limit) for None or infinity."""
    if seconds is None or math.isinf(float(seconds)):
        return None
    return float(seconds)


def function(library: Any, name: str) -> Callable[..., Any]:
    """The C function `name`; UnsupportedError when the loaded library is too old for it."""
    found: Optional[Callable[..., Any]] = getattr(library, name, None) if name in PROTOTYPES else None
    if found is None:
        raise UnsupportedError("the loaded libosimage has no %s (a newer library is needed)" % name)
    return found


def create(name: str, *arguments: Any) -> Any:
    """Calls a constructor osi_<name>(..., &out, &err) of the library; returns the handle."""
    return invoke(function(osimage, name), list(arguments), out=True)


def invoke(c_function: Callable[..., Any], arguments: List[Any], out: bool = False,
           callbacks: Sequence[Any] = ()) -> Any:
    """Calls c_function(*arguments, [&out,] &err). Returns the out-parameter's address (an int
    or None) when out is true. Strings must already be bytes (see text()); JSON(...) values
    become json_t references that live for the call; Callback objects pass their pointer.
    On failure raises the exception of the status, or the exception a callback raised."""
    owned: List[Optional[int]] = []
    try:
        converted: List[Any] = []
        for argument in arguments:
            if isinstance(argument, JSON):
                pointer = _json.new_reference(argument.value) if argument.value is not None else None
                owned.append(pointer)
                converted.append(pointer)
            elif isinstance(argument, (Callback, LogCallback, NoCallback)):
                converted.append(argument.pointer)
            else:
                converted.append(argument)
        result = ctypes.c_void_p()
        error = ctypes.c_void_p()
        if out:
            converted.append(ctypes.byref(result))
        status = c_function(*converted, ctypes.byref(error))
    finally:
        for pointer in owned:
            _json.release(pointer)
    if status != 0:
        failure = from_error(status, error.value)
        kept = [callback.take_error() for callback in callbacks if callback is not None]
        kept = [error for error in kept if error is not None]
        if kept:
            raise kept[0] from failure
        raise failure
    return result.value


def resource_id(resource: Any, name: str, key: str = "id") -> bytes:
    """The id, as UTF-8 bytes, of a resource given as an id string or as a dict (or an
    object) with an "id" (members: key="member_id")."""
    found: Optional[str] = None
    if isinstance(resource, str):
        found = resource
    elif hasattr(resource, "get") and isinstance(resource.get(key), str):
        found = resource.get(key)
    elif isinstance(getattr(resource, key, None), str):
        found = getattr(resource, key)
    encoded = text(found, name) if found is not None else None
    if encoded is not None:
        return encoded
    raise TypeError("%s must be an id or a resource with an %s, not %r" % (name, key, resource))
