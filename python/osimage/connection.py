"""Connection: one cloud's image service, with every operation of openstacksdk's image proxy."""
import weakref

from . import _calls, _callbacks, _json
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
    api_timeout, ...). One Connection may be used by many threads at once: calls release the
    GIL while they wait. Freed by close(), `with`, or the garbage collector; close() must
    not run while another thread is in a call on it.
    """

    def __init__(self, cloud=None, config_file=None, **options):
        if cloud is not None:
            options["cloud"] = cloud
        if config_file is not None:
            options["config_file"] = str(config_file)
        if options:
            handle = _calls.invoke(osimage.osi_conn_open, [JSON(options)], out=True)
        else:
            handle = _calls.invoke(osimage.osi_conn_open_env, [], out=True)
        self._adopt(handle)

    @classmethod
    def from_env(cls):
        """A connection described by the environment: OS_CLOUD names a clouds.yaml entry,
        otherwise OS_AUTH_URL, OS_USERNAME, OS_PASSWORD, OS_PROJECT_NAME, ... describe it."""
        connection = cls.__new__(cls)
        connection._adopt(_calls.invoke(osimage.osi_conn_open_env, [], out=True))
        return connection

    def _adopt(self, handle):
        self._handle = handle
        self._log = None
        # Every log callback ever set stays alive until the C connection is freed: a call
        # running on another thread may still be using an earlier one.
        self._log_callbacks = []
        self._free = weakref.finalize(self, _free_connection, handle, self._log_callbacks)

    # ---- lifetime ----

    def close(self):
        """Frees the connection now (idempotent). List iterators taken from it keep working."""
        self._free()

    @property
    def closed(self):
        """True once the connection is freed."""
        return not self._free.alive

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def _live(self):
        if not self._free.alive:
            raise ValueError("the connection is closed")
        return self._handle

    # ---- the calls, all through these four (the operation mixins use them) ----

    def _call(self, name, *arguments, out=False, callbacks=()):
        """Calls osi_<name>(conn, *arguments, ...); see _calls.invoke."""
        c_function = _calls.function(osimage, name)
        return _calls.invoke(c_function, [self._live(), *arguments], out=out,
                             callbacks=(*callbacks, self._log))

    def _value(self, name, *arguments, callbacks=()):
        """A call whose out-parameter is a new json_t: its Python value (None for NULL)."""
        return _json.take(self._call(name, *arguments, out=True, callbacks=callbacks))

    def _listing(self, name, *arguments):
        """A call whose out-parameter is an osi_iter: a ListIterator over it."""
        return ListIterator(self._call(name, *arguments, out=True), callbacks=(self._log,))

    def _action(self, name, *arguments, callbacks=()):
        """A call without an out-parameter."""
        self._call(name, *arguments, callbacks=callbacks)

    # ---- the connection itself ----

    def info(self):
        """What the connection knows about itself: image_endpoint, versions, auth_type,
        region_name, interface, cloud, project_id, user_id."""
        return self._value("osi_conn_info")

    def set_log(self, callback, level=LogLevel.INFO):
        """Sends log lines up to `level` to callback(level, line): one line per HTTP request
        (method, URL, status, time, request id) and warnings such as retries; secrets never
        appear. It runs on the thread of the call that logs; an exception raised in it
        aborts that call and is re-raised there. callback None turns logging off."""
        if callback is None or int(level) == LogLevel.NONE:
            self._action("osi_conn_set_log", int(level), _callbacks.NoCallback(LOG_CB), None)
            self._log = None
        else:
            log = _callbacks.LogCallback(callback)
            self._log_callbacks.append(log)
            self._action("osi_conn_set_log", int(level), log, None)
            self._log = log


def _free_connection(handle, _log_callbacks):
    """Frees the C connection; the log callbacks, passed here, live until then."""
    osimage.osi_conn_free(handle)
