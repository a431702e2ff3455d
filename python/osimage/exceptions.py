"""openstacksdk's exception names (openstack.exceptions), with its hierarchy.

osimage raises its own per-status classes (osimage.NotFoundError, ...), and each of them
is a subclass of the openstacksdk class that means the same thing, so code that catches
either spelling keeps working after `import osimage.exceptions as exceptions`:

    SDKException                     osimage.OsimageError (every osimage error)
      HttpException                  any error answered by the server with an HTTP status
        BadRequestException          HttpError with status 400
        NotFoundException            NotFoundError   (ResourceNotFound is the same class)
        ForbiddenException           ForbiddenError
        ConflictException            ConflictError
        PreconditionFailedException  HttpError with status 412
      InvalidRequest                 InvalidArgumentError
      InvalidResponse                ChecksumError, InternalError
      EndpointNotFound               (no endpoint in the catalog: ConfigError)
      ConfigException                ConfigError
      NotSupported                   UnsupportedError
      MethodNotSupported             HttpError with status 405
      DuplicateResource              AmbiguousError
      ResourceTimeout                TimeoutError
      ResourceFailure                TaskFailedError

HttpException has openstacksdk's attributes: status_code, request_id, details, url,
method, source ("Client" for 4xx, else "Server") and message; `response` is always None
(osimage has no requests.Response).
"""
from ._sdk_exceptions import (SDKException, EndpointNotFound, InvalidResponse, InvalidRequest, HttpException,
                              BadRequestException, NotFoundException, ResourceNotFound, ForbiddenException,
                              ConflictException, PreconditionFailedException, MethodNotSupported, DuplicateResource,
                              ResourceTimeout, ResourceFailure, InvalidResourceQuery, ConfigException, NotSupported,
                              ValidationException, ServiceDisabledException, ServiceDiscoveryException,
                              OpenStackCloudException)
# The osimage classes, importable from here too (osimage.exceptions.NotFoundError).
from .errors import (AbortedError, AmbiguousError, AuthError, BadRequestError, ChecksumError,
                     ConfigError, ConflictError, ForbiddenError, HttpError, InternalError,
                     InvalidArgumentError, LocalIOError, MethodNotAllowedError, NoMemoryError,
                     NotFoundError, OsimageError, PreconditionFailedError, TaskFailedError,
                     TimeoutError, TransportError, UnsupportedError)

__all__ = [
    "SDKException", "EndpointNotFound", "InvalidResponse", "InvalidRequest", "HttpException",
    "BadRequestException", "NotFoundException", "ResourceNotFound", "ForbiddenException",
    "ConflictException", "PreconditionFailedException", "MethodNotSupported", "DuplicateResource",
    "ResourceTimeout", "ResourceFailure", "InvalidResourceQuery", "ConfigException", "NotSupported",
    "ValidationException", "ServiceDisabledException", "ServiceDiscoveryException",
    "OpenStackCloudException",
    "OsimageError", "InvalidArgumentError", "NotFoundError", "ConflictError", "AuthError",
    "ForbiddenError", "AmbiguousError", "HttpError", "BadRequestError", "MethodNotAllowedError",
    "PreconditionFailedError", "TransportError", "TimeoutError", "ChecksumError", "AbortedError",
    "TaskFailedError", "UnsupportedError", "NoMemoryError", "ConfigError", "LocalIOError",
    "InternalError",
]
