"""Connection: one cloud's image service, with every operation of openstacksdk's image proxy."""
from __future__ import annotations
import weakref
TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from typing import Any, Callable, Iterator, List, Optional, Sequence

from . import _calls, _callbacks, _json
from . import log as _log
from ._calls import JSON
from ._library import osimage
from ._prototypes import LOG_CB
from .data import DataOperations
from .images import ImageOperations
from .list_iterator import ListIterator
from .log import LogLevel
from .members import MemberOperations
from .metadefs import MetadefOperations
from .cache import CacheOperations
from .service_info import ServiceInfoOperations
from .tasks import TaskOperations


class Connection(ImageOperations, DataOperations, MemberOperations, TaskOperations,
                 ServiceInfoOperations, MetadefOperations, CacheOperations):
    """A connection to one cloud's image service: credentials, endpoint and reused HTTP
    connections. Opens and authenticates at once (bad credentials raise AuthError here).

        Connection(cloud="mycloud")                      an entry of clouds.yaml
        Connection(cloud="mycloud", config_file=path)    ... of a given clouds.yaml
        Connection(auth_url=..., username=..., password=..., project_name=..., region_name=...)
        Connection() or Connection.from_env()            OS_CLOUD or OS_* variables

    Keyword options are openstacksdk's (auth_type, auth, region_name, interface,
    api_timeout, ...). Every operation is reachable as conn.<name> and, as in openstacksdk,
    conn.image.<name>. One Connection may be used by many threads at once: calls release
    the GIL while they wait. Freed by close(), `with`, or the garbage collector; close() must
    not run while another thread is in a call on it. Log lines go to the "osimage" loggers
    (see osimage.log) unless set_log() names another callback.
    """

    def __init__(self, cloud: Optional[str] = None, config_file: Optional[str] = None, **options: Any) -> None:
        if cloud is not None:
            options["cloud"] = cloud
        if config_file is not None:
            options["config_file"] = str(config_file)
        bridge = _callbacks.LogCallback(_log.to_python)
        level = _log.bridge_level()
        if options and level != LogLevel.NONE:
            handle = _calls.invoke(osimage.osi_conn_open_log, [JSON(options), int(level), bridge.pointer, None],
                                   out=True, callbacks=(bridge,))
        elif options:
            handle = _calls.invoke(osimage.osi_conn_open, [JSON(options)], out=True)
        else:
            handle = _calls.invoke(osimage.osi_conn_open_env, [], out=True)
        self._adopt(handle, bridge if options and level != LogLevel.NONE else None)

    @classmethod
    def from_env(cls) -> "Connection":
        """A connection described by the environment: OS_CLOUD names a clouds.yaml entry,
        otherwise OS_AUTH_URL, OS_USERNAME, OS_PASSWORD, OS_PROJECT_NAME, ... describe it."""
        connection = cls.__new__(cls)
        connection._adopt(_calls.invoke(osimage.osi_conn_open_env, [], out=True), None)
        return connection

    def _adopt(self, handle: int, bridge: Optional[_callbacks.LogCallback]) -> None:
        self._handle = handle
        self._log: Optional[_callbacks.LogCallback] = bridge
        # Every log callback ever set stays alive until the C connection is freed: a call
        # running on another thread may still be using an earlier one.
        self._log_callbacks: List[Any] = [bridge] if bridge is not None else []
        self._free = weakref.finalize(self, _free_connection, handle, self._log_callbacks)
        self._bridged = True
        _log.track(self)
        if bridge is None:
            self._refresh_log()

    @property
    def image(self) -> "Connection":
        """openstacksdk's image proxy: conn.image.<method> is conn.<method>."""
        return self

    # ---- lifetime ----

    def close(self) -> None:
        """Frees the connection now (idempotent). List iterators taken from it keep working."""
        _log.untrack(self)
        self._free()

    @property
    def closed(self) -> bool:
        """True once the connection is freed."""
        return not self._free.alive

    def __enter__(self) -> "Connection":
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()

    def _live(self) -> int:
        if not self._free.alive:
            raise ValueError("the connection is closed")
        return self._handle

    # ---- the calls, all through these four (the operation mixins use them) ----

    def _log_callbacks_now(self) -> Sequence[Any]:
        return (self._log,) if self._log is not None else ()

    def _call(self, name: str, *arguments: Any, out: bool = False, callbacks: Sequence[Any] = ()) -> Any:
        """Calls osi_<name>(conn, *arguments, ...); see _calls.invoke."""
        c_function = _calls.function(osimage, name)
        return _calls.invoke(c_function, [self._live(), *arguments], out=out,
                             callbacks=(*callbacks, self._log))

    def _value(self, name: str, *arguments: Any, callbacks: Sequence[Any] = ()) -> Any:
        """A call whose out-parameter is a new json_t: its Python value (None for NULL)."""
        return _json.take(self._call(name, *arguments, out=True, callbacks=callbacks))

    def _listing(self, name: str, *arguments: Any, wrap: Optional[Callable[[Any], Any]] = None) -> Iterator[Any]:
        """A call whose out-parameter is an osi_iter: a ListIterator over it."""
        return ListIterator(self._call(name, *arguments, out=True), callbacks=(self._log,), wrap=wrap)

    def _action(self, name: str, *arguments: Any, callbacks: Sequence[Any] = ()) -> None:
        """A call without an out-parameter."""
        self._call(name, *arguments, callbacks=callbacks)

    # ---- the connection itself ----

    def info(self) -> Any:
        """What the connection knows about itself: image_endpoint, versions, auth_type,
        region_name, interface, cloud, project_id, user_id."""
        return self._value("osi_conn_info")

    def set_log(self, callback: Optional[Callable[[LogLevel, str], Any]], level: int = LogLevel.INFO) -> None:
        """Sends log lines up to `level` to callback(level, line) instead of the "osimage"
        loggers: one line per HTTP request (method, URL, status, time, request id) and
        warnings such as retries; at DEBUG request and response headers (redacted);
        secrets never appear. It runs on the thread of the call that logs; an exception
        raised in it aborts that call and is re-raised there. callback None turns logging off."""
        _log.untrack(self)
        self._bridged = False
        self._install_log(callback, int(level))

    def _refresh_log(self) -> None:
        """Gives the logging bridge the level the "osimage" loggers need now."""
        if self._bridged and self._free.alive:
            level = _log.bridge_level()
            self._install_log(_log.to_python if level != LogLevel.NONE else None, level)

    def _install_log(self, callback: Optional[Callable[[LogLevel, str], Any]], level: int) -> None:
        if callback is None or level == LogLevel.NONE:
            self._action("osi_conn_set_log", int(LogLevel.NONE), _callbacks.NoCallback(LOG_CB), None)
            self._log = None
        else:
            log = _callbacks.LogCallback(callback)
            self._log_callbacks.append(log)
            self._action("osi_conn_set_log", int(level), log, None)
            self._log = log


def connect(cloud: Optional[str] = None, app_name: Optional[str] = None, app_version: Optional[str] = None,
            options: Any = None, load_yaml_config: bool = True, load_envvars: bool = True,
            **kwargs: Any) -> Connection:
    """openstack.connect(): a Connection to `cloud` (a clouds.yaml entry; None: OS_CLOUD or
    the OS_* variables), with **kwargs as openstacksdk's config keys (auth, auth_type,
    region_name, interface, config_file, ...). app_name/app_version go into the
    User-Agent. options (an argparse Namespace) and load_yaml_config=False /
    load_envvars=False are not supported (UnsupportedError would hide config silently, so
    they raise TypeError)."""
    if options is not None:
        raise TypeError("osimage.connect does not take argparse options; pass the keys as keyword arguments")
    if not load_yaml_config or not load_envvars:
        raise TypeError("osimage.connect always reads clouds.yaml and the OS_* variables")
    if app_name is not None:
        kwargs["app_name"] = app_name
    if app_version is not None:
        kwargs["app_version"] = app_version
    return Connection(cloud=cloud, **kwargs)


def _free_connection(handle: int, _log_callbacks: List[Any]) -> None:
    """Frees the C connection; the log callbacks, passed here, live until then."""
    osimage.osi_conn_free(handle)
