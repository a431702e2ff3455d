"""The base of Connection's operation mixins: the four calls Connection provides."""
from __future__ import annotations
TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from typing import Any, Callable, Iterator, Optional, Sequence


class Operations:
    """Declares the calls every mixin uses; Connection implements them."""

    def _call(self, name: str, *arguments: Any, out: bool = False, callbacks: Sequence[Any] = ()) -> Any:
        raise NotImplementedError

    def _value(self, name: str, *arguments: Any, callbacks: Sequence[Any] = ()) -> Any:
        raise NotImplementedError

    def _listing(self, name: str, *arguments: Any, wrap: Optional[Callable[[Any], Any]] = None) -> Iterator[Any]:
        raise NotImplementedError

    def _action(self, name: str, *arguments: Any, callbacks: Sequence[Any] = ()) -> None:
        raise NotImplementedError

    def _live(self) -> int:
        raise NotImplementedError

    def _log_callbacks_now(self) -> Sequence[Any]:
        raise NotImplementedError
