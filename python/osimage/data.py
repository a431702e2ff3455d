"""DataOperations: creating images and moving their data, from Connection.

Data to send (`data=`) is a path, a bytes-like object (zero-copy), a binary file object,
or any object with readinto()/read(). Downloaded data (`output=`) goes to a path, a
callable receiving each chunk as a zero-copy memoryview, an object with write(), or (None)
comes back as bytes. progress(done, total) is called as bytes move (total None when
unknown). An exception raised in any of these callables aborts the transfer and is
re-raised by the call; a file output then leaves nothing at its path.
"""
import os

from . import _callbacks
from ._calls import JSON, resource_id, text
from ._sinks import Sink
from ._sources import Source


class DataOperations:
    """Mixed into Connection; uses its _value call."""

    def create_image(self, name, filename=None, data=None, progress=None, decompress=None, **attrs):
        """Creates an image as openstacksdk's create_image does (its defects fixed) and gives
        it data from filename or data when given; name None takes the file's base name.
        Keyword options: disk_format, container_format, visibility, tags, meta, wait,
        timeout, allow_duplicates (else an active image with this name and data is
        returned), validate_checksum, use_import, import_method, uri, stores, all_stores,
        all_stores_must_succeed, md5, sha256, and any other image property (sent as a
        string). progress(done, total) follows the upload. Anything failing after the image
        was created deletes it. decompress=True (detect) or "xz"/"gzip"/"zstd" uploads the
        decompressed bytes of filename or data (hashes, validate_checksum and the name from
        the file without its .xz/.gz/.zst apply to them). Returns the image."""
        options = dict(attrs)
        if filename is not None and decompress:
            data, filename = os.fspath(filename), None
        if filename is not None:
            options["filename"] = os.fspath(filename)
        watch = _callbacks.progress(progress)
        with Source(data, decompress=decompress) as source:
            return self._value("osi_create_image", text(name, "name"), JSON(options or None), source.handle,
                               watch, None, callbacks=(watch, source.callback))

    def upload_image(self, image, data, progress=None, size=None, validate_checksum=False, decompress=None):
        """Uploads data into an existing queued image (PUT /v2/images/{id}/file). size tells
        the length of a stream that does not know it; validate_checksum compares the md5 of
        what was sent with the image's checksum (ChecksumError). decompress=True (format
        from the magic bytes) or "xz"/"gzip"/"zstd" sends the decompressed bytes (size is
        then the decompressed size; without it the upload is chunked; a corrupt or truncated
        stream raises LocalIOError). Returns the image afterwards. (To create and upload in one
        call, use create_image.)"""
        watch = _callbacks.progress(progress)
        options = {"validate_checksum": True} if validate_checksum else None
        with Source(data, size, decompress) as source:
            return self._value("osi_upload_image", resource_id(image, "image"), source.handle, JSON(options),
                               watch, None, callbacks=(watch, source.callback))

    def stage_image(self, image, filename=None, data=None, progress=None, decompress=None):
        """Stages data for a glance-direct import (PUT /v2/images/{id}/stage); then call
        import_image(image). Returns the image afterwards."""
        if (filename is None) == (data is None):
            raise TypeError("stage_image needs exactly one of filename and data")
        watch = _callbacks.progress(progress)
        with Source(filename if data is None else data, decompress=decompress) as source:
            return self._value("osi_stage_image", resource_id(image, "image"), source.handle,
                               watch, None, callbacks=(watch, source.callback))

    def copy_image(self, image, destination, progress=None, **options):
        """Copies an image of this connection into the cloud of the Connection destination
        (osi_copy_image): the download streams into the upload through a bounded pipe, the
        source's hash is verified as the bytes pass and the copy's checksum compared after.
        Metadata (disk/container format, min_disk/min_ram, tags, properties) is carried
        over; options override it: name, visibility (default "private"), disk_format,
        container_format, min_disk, min_ram, tags, properties (a dict, None removes one).
        progress(done, None) follows the upload; an exception in it aborts. On any failure
        the copy is deleted. Returns the destination image."""
        watch = _callbacks.progress(progress)
        return self._value("osi_copy_image", resource_id(image, "image"), destination._live(), JSON(options or None),
                           watch, None, callbacks=(watch,))

    def download_image(self, image, output=None, progress=None, max_bytes=None, **options):
        """Downloads an image's data, verified against its hash while it streams
        (ChecksumError on a mismatch). output: see the module. options: prefer (store ids),
        offset and length (a range: not verified), require_hash, stall_timeout. Returns the
        bytes when output is None, else the result: {"bytes", "hash_algo", "hash_verified",
        ...}."""
        watch = _callbacks.progress(progress)
        with Sink(output, max_bytes) as sink:
            result = self._value("osi_download_image", resource_id(image, "image"), sink.handle,
                                 JSON(options or None), watch, None, callbacks=(watch, sink.callback))
            return sink.memory_bytes() if sink.in_memory else result
