"""One exception class per osi_status code, all subclasses of OsimageError.

Each carries what the C osi_error carries: code, http_status, message, request_id, method
and url. The numbers are those of osi_status in osimage_types.h (generated into _prototypes), which
never change.
"""
import builtins
import enum

from ._library import osimage
from ._prototypes import STATUSES


# osi_status: the result code of every call (numbers from the generated table).
Status = enum.IntEnum("Status", STATUSES, module=__name__)


def status_str(code):
    """The library's short description of a status code, e.g. "not found"."""
    return osimage.osi_status_str(int(code)).decode()


class OsimageError(Exception):
    """A failed osimage call. Attributes: code (a Status), http_status (0 when the failure
    was not an HTTP answer), message, request_id, method and url (None when unknown)."""

    status = Status.INTERNAL

    def __init__(self, message, http_status=0, request_id=None, method=None, url=None, code=None):
        super().__init__(message)
        self.code = Status(code) if code is not None else self.status
        self.message = message
        self.http_status = http_status
        self.request_id = request_id
        self.method = method
        self.url = url

    def __str__(self):
        details = []
        if self.http_status:
            details.append("HTTP %d" % self.http_status)
        if self.method and self.url:
            details.append("%s %s" % (self.method, self.url))
        if self.request_id:
            details.append(self.request_id)
        text = self.message or status_str(self.code)
        return "%s (%s)" % (text, ", ".join(details)) if details else text


class InvalidArgumentError(OsimageError, ValueError):
    """A bad argument: NULL, wrong JSON type, invalid UTF-8, forbidden characters."""
    status = Status.INVALID_ARGUMENT


class NotFoundError(OsimageError, LookupError):
    """HTTP 404, or nothing matched a find."""
    status = Status.NOT_FOUND


class ConflictError(OsimageError):
    """HTTP 409: the resource is in the wrong state, or a duplicate."""
    status = Status.CONFLICT


class AuthError(OsimageError):
    """HTTP 401, or the identity service refused the credentials."""
    status = Status.AUTH


class ForbiddenError(OsimageError):
    """HTTP 403."""
    status = Status.FORBIDDEN


class AmbiguousError(OsimageError, LookupError):
    """A find matched more than one resource."""
    status = Status.AMBIGUOUS


class HttpError(OsimageError):
    """Any other HTTP error status (see http_status)."""
    status = Status.HTTP


class TransportError(OsimageError, ConnectionError):
    """No connection, TLS failure, connection dropped."""
    status = Status.TRANSPORT


class TimeoutError(OsimageError, builtins.TimeoutError):  # pylint: disable=redefined-builtin
    """A connect, stall, api or wait timeout."""
    status = Status.TIMEOUT


class ChecksumError(OsimageError):
    """Data did not match its checksum."""
    status = Status.CHECKSUM


class AbortedError(OsimageError):
    """A callback asked to stop (a Python callback that raised re-raises its own exception)."""
    status = Status.ABORTED


class TaskFailedError(OsimageError):
    """A task or an import ended in failure."""
    status = Status.TASK_FAILED


class UnsupportedError(OsimageError):
    """The cloud, or the loaded libosimage, lacks the feature."""
    status = Status.UNSUPPORTED


class NoMemoryError(OsimageError, MemoryError):  # pylint: disable=redefined-builtin
    """The library ran out of memory."""
    status = Status.NO_MEMORY


class ConfigError(OsimageError):
    """clouds.yaml or options: unknown cloud, missing keys."""
    status = Status.CONFIG


class LocalIOError(OsimageError, OSError):
    """A local file could not be read or written."""
    status = Status.IO


class InternalError(OsimageError):
    """A bug in osimage or an unexpected server answer."""
    status = Status.INTERNAL


_CLASSES = {cls.status: cls for cls in OsimageError.__subclasses__()}


def error_class(code):
    """The exception class of a status code (OsimageError for an unknown code)."""
    try:
        return _CLASSES[Status(code)]
    except ValueError:
        return OsimageError


def _text(pointer):
    return pointer.decode("utf-8", "replace") if pointer is not None else None


def from_error(code, error):
    """The exception for a failed call's status and its osi_error (whose own code wins),
    which is freed here."""
    try:
        if not error:
            return error_class(code)(status_str(code), code=_known(code))
        code = osimage.osi_error_code(error)
        return error_class(code)(
            _text(osimage.osi_error_message(error)) or status_str(code),
            http_status=osimage.osi_error_http_status(error),
            request_id=_text(osimage.osi_error_request_id(error)),
            method=_text(osimage.osi_error_method(error)),
            url=_text(osimage.osi_error_url(error)),
            code=_known(code))
    finally:
        osimage.osi_error_free(error)


def _known(code):
    """code as a Status, or INTERNAL when the library returned a number this package lacks."""
    try:
        return Status(code)
    except ValueError:
        return Status.INTERNAL
