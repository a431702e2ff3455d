"""DataOperations: creating images and moving their data, from Connection.

Data to send (`data=`) is a path, a bytes-like object (zero-copy), a binary file object,
or any object with readinto()/read(). Downloaded data (`output=`) goes to a path, a binary
file object, a callable receiving each chunk as bytes (safe to keep), an object with
write(), or (None) comes back as bytes; stream=True returns an ImageStream instead.
progress(done, total) is called as bytes move (total None when unknown). An exception
raised in any of these callables aborts the transfer and is re-raised by the call; a file
output then leaves nothing at its path.
"""
from __future__ import annotations
import os
TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from typing import Any, Callable, Dict, List, Literal, Optional, Union, overload

    Progress = Optional[Callable[[int, Optional[int]], Any]]
    ImageRef = Union[str, Dict[str, Any]]
else:
    def overload(function):  # the overloads below are for mypy; the last definition runs
        return function

from . import _callbacks
from ._calls import JSON, resource_id, text
from ._operations import Operations
from ._sinks import Sink
from ._sources import Source
from .resource import DownloadResult, Image
from .stream import DEFAULT_CHUNK_SIZE, ImageStream

# Container formats Glance knows: upload_image's first argument is one of these in
# openstacksdk's create-and-upload form, an image (id or resource) in osimage's form.
CONTAINER_FORMATS = frozenset(["ami", "ari", "aki", "bare", "ovf", "ova", "docker", "compressed"])
# openstacksdk converts these create_image keywords to int, every other one to str.
_INTEGER_KEYS = frozenset(["min_disk", "min_ram", "size", "virtual_size"])


def _converted(kwargs: Dict[str, Any]) -> Dict[str, Any]:
    """create_image's **kwargs converted as openstacksdk converts them (None stays None)."""
    result: Dict[str, Any] = {}
    for key, value in kwargs.items():
        if value is None or isinstance(value, (list, dict)):
            result[key] = value
        elif key in _INTEGER_KEYS:
            result[key] = int(value)
        elif isinstance(value, bool):
            result[key] = "true" if value else "false"
        else:
            result[key] = str(value)
    return result


class DataOperations(Operations):
    """Mixed into Connection; uses its _value call."""

    def create_image(self, name: str, filename: Optional[str] = None, container: Optional[str] = None,
                     md5: Optional[str] = None, sha256: Optional[str] = None, disk_format: Optional[str] = None,
                     container_format: Optional[str] = None, disable_vendor_agent: bool = True,
                     allow_duplicates: bool = False, meta: Optional[Dict[str, Any]] = None, wait: bool = False,
                     timeout: Optional[float] = 3600, data: Any = None, validate_checksum: bool = False,
                     use_import: bool = False, stores: Optional[List[Any]] = None, tags: Optional[List[str]] = None,
                     all_stores: Optional[bool] = None, all_stores_must_succeed: Optional[bool] = None, *,
                     import_method: Optional[str] = None, uri: Optional[str] = None,
                     remote_region: Optional[str] = None, remote_image_id: Optional[str] = None,
                     remote_service_interface: Optional[str] = None, size: Optional[int] = None,
                     progress: Progress = None, decompress: Any = None, **kwargs: Any) -> Image:
        """Creates an image as openstacksdk's create_image does and gives it data from
        filename or data when given. A name that is the path of a file (and no filename or
        data) uploads that file and takes the name from its extensionless basename.
        **kwargs are image attributes and properties, converted as openstacksdk converts them
        (min_disk, min_ram, size, virtual_size to int, everything else to str); meta is sent
        as given and wins. size tells the length of a data stream that does not know it.
        progress(done, total) follows the upload.

        Deliberately better than openstacksdk: wait=True really waits for "active" (also on
        the import path), the import's outcome is checked (TaskFailedError), an unadvertised
        import method is refused before the image is created, duplicates are detected from
        the data's hashes even without validate_checksum, and anything failing after the image
        was created deletes it. decompress=True (format from the magic bytes) or
        "xz"/"gzip"/"zstd" uploads the decompressed bytes of filename or data (hashes,
        validate_checksum and the name from the file without its .xz/.gz/.zst apply to them).
        Returns the image."""
        if filename is None and data is None and isinstance(name, str) and os.path.isfile(name):
            filename = name
            name = os.path.splitext(os.path.basename(name))[0]
        if filename is not None and data is not None:
            raise TypeError("create_image takes filename or data, not both")
        if filename is not None and decompress:
            data, filename = os.fspath(filename), None
        attributes = _converted(kwargs)
        options: Dict[str, Any] = {
            "container": container, "md5": md5, "sha256": sha256, "disk_format": disk_format,
            "container_format": container_format, "disable_vendor_agent": bool(disable_vendor_agent),
            "allow_duplicates": bool(allow_duplicates), "meta": meta, "wait": bool(wait),
            "validate_checksum": bool(validate_checksum), "tags": list(tags) if tags is not None else None,
            "all_stores": all_stores, "all_stores_must_succeed": all_stores_must_succeed,
            "import_method": import_method, "uri": uri, "remote_region": remote_region,
            "remote_image_id": remote_image_id, "remote_service_interface": remote_service_interface}
        if timeout is not None:
            options["timeout"] = float(timeout)
        elif wait:
            options["timeout"] = float(1 << 31)
        if use_import:
            options["use_import"] = True
        if stores is not None:
            options["stores"] = [_store_id(store) for store in stores]
        if filename is not None:
            options["filename"] = os.fspath(filename)
        options.update(attributes)
        options = {key: value for key, value in options.items() if value is not None}
        watch = _callbacks.progress(progress)
        with Source(data, size, decompress) as source:
            return Image(self._value("osi_create_image", text(name, "name"), JSON(options or None), source.handle,
                                     watch, None, callbacks=(watch, source.callback)))

    def upload_image(self, container_format: Any = None, disk_format: Any = None, data: Any = None,
                     size: Optional[int] = None, *, image: Optional[ImageRef] = None, progress: Progress = None,
                     validate_checksum: bool = False, decompress: Any = None, **attrs: Any) -> Image:
        """Two forms, told apart by the first argument:

        openstacksdk's upload_image(container_format, disk_format, data, **attrs): creates an
        image from attrs (name, visibility, properties, ...) and uploads data into it, as one
        step (openstacksdk's deprecated create-and-upload); container_format is one of ami,
        ari, aki, bare, ovf, ova, docker, compressed.

        osimage's upload_image(image, data, size=None, ...) or upload_image(image=..., data=...):
        (a first argument that is no container format name is the image)
        uploads data into an existing queued image (PUT /v2/images/{id}/file).

        size tells the length of a stream that does not know it; validate_checksum compares
        the md5 of what was sent with the image's checksum (ChecksumError). Deliberately
        unlike openstacksdk: an error answer to the upload raises, and a stream already sent
        is never resent empty on a retry. decompress=True (format from the magic bytes) or
        "xz"/"gzip"/"zstd" sends the decompressed bytes (size is then the decompressed size;
        without it the upload is chunked; a corrupt or truncated stream raises LocalIOError).
        Returns the image afterwards."""
        if image is None and container_format is not None \
                and not (isinstance(container_format, str) and container_format in CONTAINER_FORMATS):
            image = container_format
            data = disk_format if data is None else data
            container_format = disk_format = None
        watch = _callbacks.progress(progress)
        if image is not None:
            options = {"validate_checksum": True} if validate_checksum else None
            with Source(data, size, decompress) as source:
                return Image(self._value("osi_upload_image", resource_id(image, "image"), source.handle,
                                         JSON(options), watch, None, callbacks=(watch, source.callback)))
        if data is None:
            raise TypeError("upload_image needs data")
        name = attrs.pop("name", None)
        if not isinstance(name, str):
            raise TypeError("upload_image(container_format, disk_format, data, **attrs) needs attrs name=...")
        create: Dict[str, Any] = dict(attrs)
        create.update({"container_format": container_format, "disk_format": disk_format,
                       "allow_duplicates": True, "validate_checksum": bool(validate_checksum)})
        create = {key: value for key, value in create.items() if value is not None}
        with Source(data, size, decompress) as source:
            return Image(self._value("osi_create_image", text(name, "name"), JSON(create), source.handle,
                                     watch, None, callbacks=(watch, source.callback)))

    def stage_image(self, image: ImageRef, filename: Optional[str] = None, data: Any = None,
                    size: Optional[int] = None, *, progress: Progress = None, decompress: Any = None) -> Image:
        """Stages data for a glance-direct import (PUT /v2/images/{id}/stage); then call
        import_image(image). size tells the length of a stream that does not know it.
        Deliberately unlike openstacksdk: a bare image id works. Returns the image afterwards."""
        if (filename is None) == (data is None):
            raise TypeError("stage_image needs exactly one of filename and data")
        watch = _callbacks.progress(progress)
        with Source(filename if data is None else data, size, decompress) as source:
            return Image(self._value("osi_stage_image", resource_id(image, "image"), source.handle,
                                     watch, None, callbacks=(watch, source.callback)))

    def copy_image(self, image: ImageRef, destination: Any, progress: Progress = None, **options: Any) -> Image:
        """Copies an image of this connection into the cloud of the Connection destination
        (osi_copy_image): the download streams into the upload through a bounded pipe, the
        source's hash is verified as the bytes pass and the copy's checksum compared after.
        Metadata (disk/container format, min_disk/min_ram, tags, properties) is carried
        over; options override it: name, visibility (default "private"), disk_format,
        container_format, min_disk, min_ram, tags, properties (a dict, None removes one).
        method="glance-download" has the destination Glance fetch the bytes from the source's
        region itself (both connections on one Keystone; UnsupportedError otherwise, nothing
        created), method="auto" does so when possible and the regions differ, else streams;
        timeout and interval bound its wait. progress(done, total) follows the upload; an
        exception in it aborts. On any failure the copy is deleted. Returns the destination
        image."""
        watch = _callbacks.progress(progress)
        return Image(self._value("osi_copy_image", resource_id(image, "image"), destination._live(),
                                 JSON(options or None), watch, None, callbacks=(watch,)))

    @overload
    def download_image(self, image: ImageRef, stream: Literal[True], output: None = None,
                       chunk_size: int = DEFAULT_CHUNK_SIZE, store_preferences: Optional[List[str]] = None, *,
                       progress: Progress = None, max_bytes: Optional[int] = None, offset: Optional[int] = None,
                       length: Optional[int] = None, require_hash: bool = False, verify: bool = True,
                       stall_timeout: Optional[float] = None, resume: bool = False,
                       connections: Optional[int] = None) -> ImageStream: ...

    @overload
    def download_image(self, image: ImageRef, stream: bool = False, *, output: Any,
                       chunk_size: int = DEFAULT_CHUNK_SIZE, store_preferences: Optional[List[str]] = None,
                       progress: Progress = None, max_bytes: Optional[int] = None, offset: Optional[int] = None,
                       length: Optional[int] = None, require_hash: bool = False, verify: bool = True,
                       stall_timeout: Optional[float] = None, resume: bool = False,
                       connections: Optional[int] = None) -> DownloadResult: ...

    @overload
    def download_image(self, image: ImageRef, stream: bool, output: Any,
                       chunk_size: int = DEFAULT_CHUNK_SIZE, store_preferences: Optional[List[str]] = None, *,
                       progress: Progress = None, max_bytes: Optional[int] = None, offset: Optional[int] = None,
                       length: Optional[int] = None, require_hash: bool = False, verify: bool = True,
                       stall_timeout: Optional[float] = None, resume: bool = False,
                       connections: Optional[int] = None) -> DownloadResult: ...

    @overload
    def download_image(self, image: ImageRef, stream: Literal[False] = False, output: None = None,
                       chunk_size: int = DEFAULT_CHUNK_SIZE, store_preferences: Optional[List[str]] = None, *,
                       progress: Progress = None, max_bytes: Optional[int] = None, offset: Optional[int] = None,
                       length: Optional[int] = None, require_hash: bool = False, verify: bool = True,
                       stall_timeout: Optional[float] = None, resume: bool = False,
                       connections: Optional[int] = None) -> bytes: ...

    def download_image(self, image: ImageRef, stream: bool = False, output: Any = None,
                       chunk_size: int = DEFAULT_CHUNK_SIZE, store_preferences: Optional[List[str]] = None, *,
                       progress: Progress = None, max_bytes: Optional[int] = None, offset: Optional[int] = None,
                       length: Optional[int] = None, require_hash: bool = False, verify: bool = True,
                       stall_timeout: Optional[float] = None, resume: bool = False,
                       connections: Optional[int] = None) -> Any:
        """Downloads an image's data, verified against its hash while it streams
        (ChecksumError on a mismatch; an algorithm osimage cannot compute raises
        UnsupportedError rather than silently using md5).

        output None and stream False: returns the bytes (max_bytes bounds them).
        stream=True and output None: returns an ImageStream, a response-like object (iterate
        it, iter_content(chunk_size), read(), headers, close(), `with`), read in constant
        memory; the read that reaches the end checks the hash.
        output (a path, a binary file object, a callable or an object with write()): writes
        there and returns the result {"bytes", "hash_algo", "hash_verified", ...}; a path is
        replaced only when the data matched (nothing is left on failure).
        chunk_size is the largest piece handed to Python code (stream chunks, write() and
        callable calls); a path or a real file is written by the library directly.
        store_preferences: store ids to read from, in order. offset/length: a range (not
        verified). require_hash: fail when the image has no hash. verify=False: no hashing.
        resume=True (output a path only): a failed download keeps its bytes in
        PATH.osimage-partial (and the image's id, size and hashes in PATH.osimage-partial.json)
        beside the file; a later download with resume=True re-hashes them, fetches only the
        rest (a Range request), verifies the whole image and renames it to PATH; it starts
        over when the image changed or the server ignores Range, and damaged kept bytes raise
        ChecksumError (and are removed). The result then has "resumed_from".
        connections (1..16): that many ranged requests at once (parts at their offsets of a
        path, in order to anything else; one stream when the server ignores Range); the
        result's "connections" says how many carried the data. Not with stream=True.

        Deliberately unlike openstacksdk: error answers raise instead of being written as
        data, and output= never holds the image in memory."""
        if not isinstance(chunk_size, int) or isinstance(chunk_size, bool) or chunk_size < 1:
            raise ValueError("chunk_size must be an int >= 1")
        options: Dict[str, Any] = {"prefer": list(store_preferences) if store_preferences else None,
                                   "offset": offset, "length": length, "stall_timeout": stall_timeout,
                                   "connections": connections}
        if require_hash:
            options["require_hash"] = True
        if not verify:
            options["verify"] = False
        if resume:
            options["resume"] = True
        options = {key: value for key, value in options.items() if value is not None}
        if stream and output is None:
            return ImageStream(self._live(), resource_id(image, "image"), options or None, chunk_size=chunk_size,
                               progress=progress, callbacks=tuple(self._log_callbacks_now()))
        watch = _callbacks.progress(progress)
        with Sink(_in_pieces(output, chunk_size), max_bytes) as sink:
            result = self._value("osi_download_image", resource_id(image, "image"), sink.handle,
                                 JSON(options or None), watch, None, callbacks=(watch, sink.callback))
            return sink.memory_bytes() if sink.in_memory else DownloadResult(result)


def _in_pieces(output: Any, chunk_size: int) -> Any:
    """A callable or write() output that is called with pieces of at most chunk_size bytes
    (zero-copy slices); other outputs unchanged."""
    if output is None or isinstance(output, (str, os.PathLike)) or _has_descriptor(output):
        return output
    consume = output if callable(output) else getattr(output, "write", None)
    if consume is None:
        return output

    def pieces(chunk: memoryview) -> None:
        for start in range(0, len(chunk), chunk_size):
            consume(chunk[start:start + chunk_size])
    return pieces


def _has_descriptor(output: Any) -> bool:
    """Whether output is a file object with a real descriptor (the library writes to it)."""
    if callable(output) or not hasattr(output, "fileno"):
        return False
    try:
        output.fileno()
    except Exception:  # pylint: disable=broad-except
        return False
    return True


def _store_id(store: Any) -> str:
    value = resource_id(store, "stores")
    return value.decode() if isinstance(value, bytes) else str(value)
