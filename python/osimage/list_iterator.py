"""ListIterator: a lazy list of dicts over an osi_iter (images, stores, members, tasks)."""
import weakref

from . import _calls, _json
from ._library import osimage


class ListIterator:
    """An iterator of dicts that fetches pages from the server as it goes. Freed when
    exhausted, by close() or `with`, or by the garbage collector, whichever comes first.
    One thread at a time; it may outlive its Connection."""

    def __init__(self, handle, callbacks=()):
        self._handle = handle
        self._callbacks = callbacks
        self._free = weakref.finalize(self, osimage.osi_iter_free, handle)

    def __iter__(self):
        return self

    def __next__(self):
        if not self._free.alive:
            raise StopIteration
        item = _calls.invoke(osimage.osi_iter_next, [self._handle], out=True, callbacks=self._callbacks)
        if item is None:
            self.close()
            raise StopIteration
        return _json.take(item)

    def close(self):
        """Frees the C iterator now; later calls to next() end the iteration."""
        self._free()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()
