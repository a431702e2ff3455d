"""One exception class per osi_status code, all subclasses of OsimageError.

Each carries what the C osi_error carries: code, http_status, message, request_id, method
and url. The numbers are those of osi_status in osimage_types.h (generated into _prototypes), which
never change.

Every class also derives from the openstacksdk exception of the same meaning (see
osimage.exceptions), so `except exceptions.NotFoundException` and `except NotFoundError`
both catch a 404; HTTP errors carry openstacksdk's status_code too.
"""
from __future__ import annotations
import builtins
import enum
TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from typing import Dict, Optional, Type

from . import _sdk_exceptions as sdk
from ._library import osimage
from ._prototypes import Status as Status


# osi_status: the result code of every call (numbers from the generated table).
Status.__module__ = __name__


def status_str(code: int) -> str:
    """The library's short description of a status code, e.g. "not found"."""
    text: bytes = osimage.osi_status_str(int(code))
    return text.decode()


class OsimageError(sdk.SDKException):
    """A failed osimage call (openstacksdk's SDKException). Attributes: code (a Status),
    http_status (0 when the failure was not an HTTP answer), message, request_id, method and
    url (None when unknown)."""

    status = Status.INTERNAL

    def __init__(self, message: str, http_status: int = 0, request_id: Optional[str] = None,
                 method: Optional[str] = None, url: Optional[str] = None, code: Optional[int] = None) -> None:
        super().__init__(message)
        self.code = Status(code) if code is not None else self.status
        self.message = message
        self.http_status = http_status
        self.request_id = request_id
        self.method = method
        self.url = url

    def __str__(self) -> str:
        details = []
        if self.http_status:
            details.append("HTTP %d" % self.http_status)
        if self.method and self.url:
            details.append("%s %s" % (self.method, self.url))
        if self.request_id:
            details.append(self.request_id)
        text = self.message or status_str(self.code)
        return "%s (%s)" % (text, ", ".join(details)) if details else text


class InvalidArgumentError(OsimageError, sdk.InvalidRequest, ValueError):
    """A bad argument: NULL, wrong JSON type, invalid UTF-8, forbidden characters."""
    status = Status.INVALID_ARGUMENT


class NotFoundError(OsimageError, sdk.NotFoundException, LookupError):
    """HTTP 404, or nothing matched a find."""
    status = Status.NOT_FOUND


class ConflictError(OsimageError, sdk.ConflictException):
    """HTTP 409: the resource is in the wrong state, or a duplicate."""
    status = Status.CONFLICT


class AuthError(OsimageError, sdk.HttpException):
    """HTTP 401, or the identity service refused the credentials."""
    status = Status.AUTH


class ForbiddenError(OsimageError, sdk.ForbiddenException):
    """HTTP 403."""
    status = Status.FORBIDDEN


class AmbiguousError(OsimageError, sdk.DuplicateResource, LookupError):
    """A find matched more than one resource."""
    status = Status.AMBIGUOUS


class HttpError(OsimageError, sdk.HttpException):
    """Any other HTTP error status (see http_status)."""
    status = Status.HTTP


class TransportError(OsimageError, ConnectionError):
    """No connection, TLS failure, connection dropped."""
    status = Status.TRANSPORT


class TimeoutError(OsimageError, sdk.ResourceTimeout, builtins.TimeoutError):  # pylint: disable=redefined-builtin
    """A connect, stall, api or wait timeout."""
    status = Status.TIMEOUT


class ChecksumError(OsimageError, sdk.InvalidResponse):
    """Data did not match its checksum."""
    status = Status.CHECKSUM


class AbortedError(OsimageError):
    """A callback asked to stop (a Python callback that raised re-raises its own exception)."""
    status = Status.ABORTED


class TaskFailedError(OsimageError, sdk.ResourceFailure):
    """A task or an import ended in failure."""
    status = Status.TASK_FAILED


class UnsupportedError(OsimageError, sdk.NotSupported):
    """The cloud, or the loaded libosimage, lacks the feature."""
    status = Status.UNSUPPORTED


class NoMemoryError(OsimageError, MemoryError):  # pylint: disable=redefined-builtin
    """The library ran out of memory."""
    status = Status.NO_MEMORY


class ConfigError(OsimageError, sdk.ConfigException):
    """clouds.yaml or options: unknown cloud, missing keys."""
    status = Status.CONFIG


class LocalIOError(OsimageError, OSError):
    """A local file could not be read or written."""
    status = Status.IO


class InternalError(OsimageError, sdk.InvalidResponse):
    """A bug in osimage or an unexpected server answer."""
    status = Status.INTERNAL


_CLASSES: Dict[Status, Type[OsimageError]] = {cls.status: cls for cls in OsimageError.__subclasses__()}


class BadRequestError(HttpError, sdk.BadRequestException):
    """HTTP 400 (openstacksdk's BadRequestException)."""


class MethodNotAllowedError(HttpError, sdk.MethodNotSupported):
    """HTTP 405 (openstacksdk's MethodNotSupported)."""


class PreconditionFailedError(HttpError, sdk.PreconditionFailedException):
    """HTTP 412 (openstacksdk's PreconditionFailedException)."""


# HttpError (OSI_HTTP) narrowed by the HTTP status, as openstacksdk names them.
_HTTP_CLASSES: Dict[int, Type[OsimageError]] = {400: BadRequestError, 405: MethodNotAllowedError,
                                                412: PreconditionFailedError}


def error_class(code: int, http_status: int = 0) -> Type[OsimageError]:
    """The exception class of a status code (OsimageError for an unknown code); an OSI_HTTP
    failure with status 400, 405 or 412 gets its narrower class."""
    try:
        found = _CLASSES[Status(code)]
    except ValueError:
        return OsimageError
    if found is HttpError:
        return _HTTP_CLASSES.get(http_status, HttpError)
    return found


def _text(pointer: Optional[bytes]) -> Optional[str]:
    return pointer.decode("utf-8", "replace") if pointer is not None else None


def from_error(code: int, error: Optional[int]) -> OsimageError:
    """The exception for a failed call's status and its osi_error (whose own code wins),
    which is freed here."""
    try:
        if not error:
            return error_class(code)(status_str(code), code=_known(code))
        code = osimage.osi_error_code(error)
        return error_class(code, osimage.osi_error_http_status(error))(
            _text(osimage.osi_error_message(error)) or status_str(code),
            http_status=osimage.osi_error_http_status(error),
            request_id=_text(osimage.osi_error_request_id(error)),
            method=_text(osimage.osi_error_method(error)),
            url=_text(osimage.osi_error_url(error)),
            code=_known(code))
    finally:
        osimage.osi_error_free(error)


def _known(code: int) -> Status:
    """code as a Status, or INTERNAL when the library returned a number this package lacks."""
    try:
        return Status(code)
    except ValueError:
        return Status.INTERNAL
