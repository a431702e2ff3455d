"""ImageStream: download_image(image, stream=True), a response-like object over the C
pull reader (osi_reader_*): the data is read into Python's buffers on the calling thread,
in constant memory, with no thread of its own, and verified as it passes.

    with conn.image.download_image(image, stream=True) as response:
        print(response.headers["Content-Length"])
        for chunk in response.iter_content(chunk_size=1 << 20):
            out.write(chunk)            # the last chunk's read checked the hash

A mismatch raises ChecksumError from the read that reaches the end (after the last bytes
were handed out), as openstacksdk users check `Content-MD5` themselves at the end. One
thread at a time per stream; many streams may be open on one connection. close() (or the
end of the `with`, or the garbage collector) stops a partly read download and frees its
connection.
"""
from __future__ import annotations
import ctypes
import weakref
TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from typing import Any, Callable, Dict, Iterator, Mapping, Optional, Tuple

    _Dict = Dict[str, str]
else:
    _Dict = dict

from . import _calls, _json
from ._calls import JSON
from ._library import osimage

DEFAULT_CHUNK_SIZE = 1 << 20


class Headers(_Dict):
    """Response headers with case-insensitive lookup (as requests' CaseInsensitiveDict)."""

    def __init__(self, fields: Mapping[str, str]) -> None:
        super().__init__((key.lower(), value) for key, value in fields.items())

    def __getitem__(self, name: str) -> str:
        return dict.__getitem__(self, name.lower())

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and dict.__contains__(self, name.lower())

    def get(self, name: str, default: Any = None) -> Any:
        return dict.get(self, name.lower(), default)


class ImageStream:
    """An open image download that the caller pulls (see the module)."""

    def __init__(self, conn_handle: int, image_id: bytes, options: Optional[Dict[str, Any]],
                 chunk_size: int = DEFAULT_CHUNK_SIZE,
                 progress: Optional[Callable[[int, Optional[int]], Any]] = None,
                 callbacks: Tuple[Any, ...] = ()) -> None:
        if not isinstance(chunk_size, int) or isinstance(chunk_size, bool) or chunk_size < 1:
            raise ValueError("chunk_size must be an int >= 1")
        self.chunk_size = chunk_size
        self._callbacks = callbacks
        self._progress = progress
        self._handle: int = _calls.invoke(_calls.function(osimage, "osi_reader_open"),
                                          [conn_handle, image_id, JSON(options)], out=True, callbacks=callbacks)
        self._free = weakref.finalize(self, osimage.osi_reader_free, self._handle)
        self._buffer = ctypes.create_string_buffer(chunk_size)
        self._done = 0
        self._last_info: Dict[str, Any] = {}
        info = self.info()
        self.status_code: int = info["http_status"]
        self.headers = Headers(info.get("headers") or {})
        self._total: Optional[int] = info.get("content_length")
        self.ok = True
        self.reason = "OK" if self.status_code == 200 else "Partial Content"

    # ---- reading ----

    def read(self, size: Optional[int] = None) -> bytes:
        """Up to `size` bytes (default chunk_size); b"" at the end, which is verified (a
        mismatch raises ChecksumError instead)."""
        want = self.chunk_size if size is None or size < 0 else size
        if want == 0:
            return b""
        if not self._free.alive:
            raise ValueError("the stream is closed")
        if want > len(self._buffer):
            self._buffer = ctypes.create_string_buffer(want)
        count = ctypes.c_size_t()
        _calls.invoke(osimage.osi_reader_read, [self._handle, self._buffer, want, ctypes.byref(count)],
                      callbacks=self._callbacks)
        data = ctypes.string_at(self._buffer, count.value)
        if data:
            self._done += len(data)
            if self._progress is not None:
                self._progress(self._done, self._total)
        return data

    def readinto(self, target: Any) -> int:
        """Reads into a writable buffer (a bytearray, memoryview, ...); 0 at the end."""
        view = memoryview(target).cast("B")
        data = self.read(len(view))
        view[:len(data)] = data
        return len(data)

    def iter_content(self, chunk_size: Optional[int] = None, decode_unicode: bool = False) -> Iterator[bytes]:
        """The data in pieces of at most chunk_size bytes (default: the stream's chunk_size),
        as requests' Response.iter_content; the stream is closed at the end."""
        if decode_unicode:
            raise ValueError("image data is binary: decode_unicode is not supported")
        size = self.chunk_size if chunk_size is None else chunk_size
        if not isinstance(size, int) or isinstance(size, bool) or size < 1:
            raise ValueError("chunk_size must be an int >= 1")
        try:
            while True:
                data = self.read(size)
                if not data:
                    return
                yield data
        finally:
            self.close()

    def __iter__(self) -> Iterator[bytes]:
        return self.iter_content()

    @property
    def content(self) -> bytes:
        """Everything left, read at once (the whole image in memory: prefer iter_content)."""
        return b"".join(self.iter_content())

    # ---- state ----

    def info(self) -> Dict[str, Any]:
        """The reader's state: http_status, headers, content_length, bytes, eof, hash_algo,
        hash_expected, hash_source, and after the end hash_actual and hash_verified (after
        close(): the state it was closed in)."""
        if not self._free.alive:
            return dict(self._last_info)
        value: Dict[str, Any] = _json.take(_calls.invoke(osimage.osi_reader_info, [self._handle], out=True))
        return value

    @property
    def closed(self) -> bool:
        """True once closed."""
        return not self._free.alive

    def close(self) -> None:
        """Stops the download (idempotent); a partly read one frees its connection."""
        if self._free.alive:
            self._last_info = self.info()
            self._free()

    def __enter__(self) -> "ImageStream":
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()
