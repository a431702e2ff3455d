"""Where downloaded data goes: an output argument to an osi_sink.

    None                      osi_sink_memory: the bytes are returned
    path (str or os.PathLike) osi_sink_file: written to a temporary file, renamed into
                              place only when the checksum matched; nothing left on failure
    a file object with an fd  osi_sink_fd: written from its current position (flushed first)
    a callable                osi_sink_callback: called with each chunk as bytes (a copy,
                              safe to keep: output=chunks.append works)
    other objects with write() osi_sink_callback: write(chunk) with each chunk (bytes)
"""
import ctypes
import io
import os
import weakref

from . import _calls, _callbacks
from ._calls import text
from ._library import osimage
from ._prototypes import WRITE_CB

# osi_sink_memory's limit when the caller gives none.
UNLIMITED = (1 << 63) - 1


class Sink:
    """An osi_sink for one call, and the callback it calls. A context manager; freed at the
    end of the `with` (or by the garbage collector)."""

    def __init__(self, output, max_bytes=None):
        self.callback = None
        self.in_memory = output is None
        if output is None:
            self.handle = _calls.create("osi_sink_memory", UNLIMITED if max_bytes is None else max_bytes)
        elif isinstance(output, (str, os.PathLike)):
            self.handle = _calls.create("osi_sink_file", text(os.fspath(output), "output"))
        elif _descriptor(output) is not None:
            self.handle = _calls.create("osi_sink_fd", _descriptor(output))
        elif callable(output) or hasattr(output, "write"):
            consume = output if callable(output) else output.write
            self.callback = _callbacks.Callback(
                WRITE_CB, lambda data, length, _userdata: consume(_callbacks.chunk_bytes(data, length)))
            self.handle = _calls.create("osi_sink_callback", self.callback, None)
        else:
            raise TypeError("output must be None, a path, a callable or a writable object, not %s"
                            % type(output).__name__)
        self._free = weakref.finalize(self, osimage.osi_sink_free, self.handle)

    def memory_bytes(self):
        """A copy of what a memory sink received."""
        length = ctypes.c_size_t()
        address = osimage.osi_sink_memory_data(self.handle, ctypes.byref(length))
        return ctypes.string_at(address, length.value) if length.value else b""

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self._free()



def _descriptor(output):
    """The flushed file descriptor of a file object, or None (callables, BytesIO, ...)."""
    if callable(output) or not hasattr(output, "fileno"):
        return None
    try:
        fd = output.fileno()
    except (OSError, ValueError, io.UnsupportedOperation):
        return None
    output.flush()
    return fd
