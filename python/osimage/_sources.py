"""Python data to an osi_source (the data of an upload, a stage or a create).

    path (str or os.PathLike)         osi_source_file: size known, rewindable
    bytes, bytearray, memoryview      osi_source_memory: zero-copy, the object is kept alive
    a file object with a real fd      osi_source_fd from its current position (afterwards
                                      the object's position is unspecified)
    any object with readinto or read  osi_source_callback: read once, never resent

decompress=True (format from the magic bytes) or "xz"/"gzip"/"zstd" wraps any of them in
osi_source_decompress: the upload sends the decompressed bytes (chunked unless size, then
the decompressed size, is given).
"""
import ctypes
import os
import stat
import weakref

from . import _calls, _callbacks
from ._calls import text
from ._library import osimage
from ._prototypes import READ_CB


class Source:
    """An osi_source for one call, and the Python objects it borrows. A context manager;
    freed at the end of the `with` (or by the garbage collector)."""

    def __init__(self, data, size=None, decompress=None):
        self.handle = None
        self.callback = None
        self._borrowed = None
        if data is None:
            if decompress:
                raise TypeError("decompress needs data or a filename")
            self._free = None
            return
        inner_size = size
        if decompress:
            # size is then the decompressed size; the compressed input is read to its end.
            inner_size = None
        if isinstance(data, (str, os.PathLike)):
            self.handle = _calls.create("osi_source_file", text(os.fspath(data), "filename"))
        elif isinstance(data, (bytes, bytearray, memoryview)):
            self.handle = self._memory(data)
        elif (regular := _regular_file(data)) is not None:
            fd, remaining = regular
            self.handle = _calls.create("osi_source_fd", fd, remaining if inner_size is None else inner_size)
        elif hasattr(data, "readinto") or hasattr(data, "read"):
            self.callback = _callbacks.Callback(READ_CB, _reader(data), returns=True, abort=-1)
            self.handle = _calls.create("osi_source_callback", self.callback, None, -1 if inner_size is None else inner_size)
        else:
            raise TypeError("data must be a path, bytes-like, or a file-like object, not %s" % type(data).__name__)
        if decompress:
            self.handle = _decompressing(self.handle, decompress, size)
        self._free = weakref.finalize(self, osimage.osi_source_free, self.handle)

    def _memory(self, data):
        """A zero-copy osi_source_memory over a bytes-like object, which is kept alive."""
        view = memoryview(data).cast("B")
        if view.readonly:
            # ctypes gives the address of a bytes object's own buffer without copying.
            keep = data if isinstance(data, bytes) else bytes(view)
            address = ctypes.cast(ctypes.c_char_p(keep), ctypes.c_void_p).value
        else:
            keep = (ctypes.c_char * len(view)).from_buffer(view) if len(view) else None
            address = ctypes.addressof(keep) if keep is not None else None
        self._borrowed = keep
        return _calls.create("osi_source_memory", address, len(view))

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        if self._free is not None:
            self._free()



def _regular_file(data):
    """(fd, bytes from the current position to the end) for a file object over a regular
    file, whose descriptor is moved to the object's position; None for other objects."""
    try:
        fd = data.fileno()
        info = os.fstat(fd)
    except (AttributeError, OSError, ValueError):
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    # The object may have read ahead into its buffer: the descriptor goes where it reads.
    position = os.lseek(fd, data.tell(), os.SEEK_SET)
    return fd, info.st_size - position


def _reader(data):
    """A read callback body: fills the library's buffer from data, returns the byte count.
    A reader that gives more than it was asked for is an error (ValueError, the upload
    fails): nothing is copied past the library's buffer."""
    if hasattr(data, "readinto"):
        def read(buffer, capacity, _userdata):
            count = data.readinto(_callbacks.writable_view(buffer, capacity)) or 0
            if count > capacity:
                raise ValueError("readinto() of a %d-byte buffer returned %d" % (capacity, count))
            return count
    else:
        def read(buffer, capacity, _userdata):
            chunk = data.read(capacity)
            if chunk is None:
                chunk = b""
            if isinstance(chunk, str):
                raise TypeError("read() returned str; open the file in binary mode")
            if not isinstance(chunk, bytes):
                chunk = memoryview(chunk).tobytes()  # TypeError for what is not bytes-like
            if len(chunk) > capacity:
                raise ValueError("read(%d) returned %d bytes, more than asked" % (capacity, len(chunk)))
            ctypes.memmove(buffer, chunk, len(chunk))
            return len(chunk)
    return read


def _decompressing(inner, decompress, size):
    """An osi_source_decompress over the source inner, which it keeps its own reference to
    (inner is freed here in any case)."""
    if decompress is not True and not isinstance(decompress, str):
        raise TypeError("decompress must be True (detect) or 'xz', 'gzip' or 'zstd'")
    try:
        fmt = None if decompress is True else text(decompress, "decompress")
        return _calls.create("osi_source_decompress", inner, fmt,
                             _calls.JSON(None if size is None else {"size": size}))
    finally:
        osimage.osi_source_free(inner)
