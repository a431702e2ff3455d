"""Python callables behind C function pointers.

An exception must never unwind through C: the trampoline catches it, keeps it, and
returns non-zero, so the library aborts the call (OSI_ABORTED); the caller then re-raises
the kept exception. Callbacks run on the thread that made the call, holding the GIL only
while Python code runs. The ctypes function object is kept alive by the Callback object,
which the caller holds for the whole call.
"""
from __future__ import annotations
import ctypes
from _thread import _local as thread_local  # threading.local, without importing threading
TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from typing import Any, Callable, Optional

from . import _json
from ._prototypes import LOG_CB, PROGRESS_CB, WAIT_CB
from .log import LogLevel

_GO_ON = 0
_ABORT = 1


class Callback:
    """A C function pointer of type `ctype` calling `adapt(*c_arguments)`. By default the
    return value of adapt is ignored and 0 returned; with returns=True adapt's value is
    returned (a read callback's byte count). An exception returns `abort` and is kept in
    `error`."""

    def __init__(self, ctype: Any, adapt: Callable[..., Any], returns: bool = False, abort: int = _ABORT) -> None:
        self.error: Optional[BaseException] = None

        def trampoline(*arguments: Any) -> Any:
            if self.error is not None:
                return abort
            try:
                result = adapt(*arguments)
                return result if returns else _GO_ON
            except BaseException as error:  # pylint: disable=broad-except
                self.error = error
                return abort

        self.pointer = ctype(trampoline)

    def take_error(self) -> Optional[BaseException]:
        """The kept exception (None if none), forgotten once taken."""
        error, self.error = self.error, None
        return error


class NoCallback:
    """A NULL function pointer of type `ctype`, for an optional callback not given."""

    def __init__(self, ctype: Any) -> None:
        self.pointer = ctype()

    @staticmethod
    def take_error() -> None:
        """Nothing is ever kept."""
        return None


def progress(function: Optional[Callable[[int, Optional[int]], Any]]) -> Any:
    """A Callback for osi_progress_cb calling function(done, total); total is None when
    unknown. A NULL pointer when function is None."""
    if function is None:
        return NoCallback(PROGRESS_CB)
    return Callback(PROGRESS_CB, lambda done, total, _userdata: function(done, total if total >= 0 else None))


def watcher(function: Optional[Callable[[Any], Any]]) -> Any:
    """A Callback for osi_wait_cb calling function(resource) with the resource (a dict) seen
    by each poll of a wait. A NULL pointer when function is None."""
    if function is None:
        return NoCallback(WAIT_CB)
    return Callback(WAIT_CB, lambda resource, _userdata: function(_json.value_of(resource)))


def chunk_bytes(address: int, length: int) -> bytes:
    """A copy of `length` bytes at `address`: safe to keep after the callback returns
    (measured on a 1 GiB download: see docs/bindings.md)."""
    return ctypes.string_at(address, length) if length else b""


def chunk_view(address: int, length: int) -> memoryview:
    """A zero-copy read-only memoryview of `length` bytes at `address`, valid only while the
    callback that received it runs."""
    if length == 0:
        return memoryview(b"")
    return memoryview((ctypes.c_char * length).from_address(address)).cast("B").toreadonly()


def writable_view(address: int, length: int) -> memoryview:
    """A zero-copy writable memoryview of the library's buffer, valid only during the call."""
    return memoryview((ctypes.c_char * length).from_address(address)).cast("B")


class LogCallback:
    """The log callback of a connection: runs on whichever thread logs, so an exception is
    kept per thread and re-raised by the call that logged on that thread."""

    def __init__(self, function: Callable[[LogLevel, str], Any]) -> None:
        self._kept = thread_local()

        def trampoline(level: int, line: bytes, _userdata: Any) -> int:
            if getattr(self._kept, "error", None) is not None:
                return _ABORT
            try:
                function(LogLevel(level), line.decode("utf-8", "replace"))
                return _GO_ON
            except BaseException as error:  # pylint: disable=broad-except
                self._kept.error = error
                return _ABORT

        self.pointer = LOG_CB(trampoline)

    def take_error(self) -> Optional[BaseException]:
        """The exception kept on this thread (None if none), forgotten once taken."""
        error: Optional[BaseException] = getattr(self._kept, "error", None)
        self._kept.error = None
        return error
