"""The classes of osimage.exceptions that carry openstacksdk's names (see that module).

Kept apart from exceptions.py so that errors.py can derive from them without an import cycle.
"""
from __future__ import annotations
TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from typing import Any, Optional


class SDKException(Exception):
    """The base of every exception osimage raises."""

    message: str
    extra_data: Any = None


class EndpointNotFound(SDKException):
    """No image endpoint matched the configuration."""


class InvalidResponse(SDKException):
    """The server's answer (or the data it sent) is not valid."""


class InvalidRequest(SDKException):
    """The request is not valid (osimage refuses it before sending)."""


class HttpException(SDKException):
    """The base of every HTTP error answer."""

    response: None = None
    details: Optional[str] = None

    @property
    def status_code(self) -> Optional[int]:
        """The HTTP status of the answer (None when the failure was not an HTTP answer)."""
        status: int = getattr(self, "http_status", 0)
        return status or None

    @property
    def source(self) -> str:
        """"Client" for a 4xx answer, else "Server"."""
        code = self.status_code
        return "Client" if code is not None and 400 <= code < 500 else "Server"


class BadRequestException(HttpException):
    """HTTP 400."""


class NotFoundException(HttpException):
    """HTTP 404, or nothing matched a find."""


ResourceNotFound = NotFoundException


class ForbiddenException(HttpException):
    """HTTP 403."""


class ConflictException(HttpException):
    """HTTP 409."""


class PreconditionFailedException(HttpException):
    """HTTP 412."""


class MethodNotSupported(SDKException):
    """HTTP 405: the server does not offer this method."""


class DuplicateResource(SDKException):
    """More than one resource matched a find."""


class ResourceTimeout(SDKException):
    """A wait ran out of time."""


class ResourceFailure(SDKException):
    """A resource reached a failure status (a failed task or import, a killed image)."""


class InvalidResourceQuery(SDKException):
    """A query the server cannot answer."""


class ConfigException(SDKException):
    """clouds.yaml or the options do not describe a usable cloud."""


class NotSupported(SDKException):
    """The cloud or the library lacks the feature."""


class ValidationException(SDKException):
    """A value did not pass validation."""


class ServiceDisabledException(ConfigException):
    """The image service is disabled in the configuration."""


class ServiceDiscoveryException(SDKException):
    """Version discovery failed."""


OpenStackCloudException = SDKException
