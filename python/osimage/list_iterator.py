"""ListIterator: a lazy list of resources over an osi_iter (images, stores, members, tasks)."""
from __future__ import annotations
import weakref
TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from typing import Any, Callable, Iterator, Optional, Sequence

    _Iterator = Iterator[Any]
else:
    _Iterator = object  # an iterator all the same: it has __iter__ and __next__

from . import _calls, _json
from ._library import osimage


class ListIterator(_Iterator):
    """An iterator of resources that fetches pages from the server as it goes. Freed when
    exhausted, by close() or `with`, or by the garbage collector, whichever comes first.
    One thread at a time; it may outlive its Connection."""

    def __init__(self, handle: int, callbacks: Sequence[Any] = (),
                 wrap: Optional[Callable[[Any], Any]] = None) -> None:
        self._handle = handle
        self._callbacks = callbacks
        self._wrap = wrap
        self._free = weakref.finalize(self, osimage.osi_iter_free, handle)

    def __iter__(self) -> "ListIterator":
        return self

    def __next__(self) -> Any:
        if not self._free.alive:
            raise StopIteration
        item = _calls.invoke(osimage.osi_iter_next, [self._handle], out=True, callbacks=self._callbacks)
        if item is None:
            self.close()
            raise StopIteration
        value = _json.take(item)
        return self._wrap(value) if self._wrap is not None else value

    def close(self) -> None:
        """Frees the C iterator now; later calls to next() end the iteration."""
        self._free()

    def __enter__(self) -> "ListIterator":
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()
