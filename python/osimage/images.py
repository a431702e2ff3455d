"""ImageOperations: the image calls of Connection (list, get, find, update, import, waits)."""
from __future__ import annotations
import ctypes
TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from typing import Any, Callable, Dict, Iterator, List, Optional, Union

    ImageRef = Union[str, Dict[str, Any]]
    StoreRef = Union[str, Dict[str, Any]]

from . import _callbacks
from ._calls import JSON, resource_id, text, time_limit
from ._operations import Operations
from .resource import Image, Resource, Task


class ImageOperations(Operations):
    """Mixed into Connection; uses its _value, _listing and _action calls."""

    def images(self, **query: Any) -> Iterator[Image]:
        """A generator of images, fetching pages lazily (openstacksdk's images(**query)).
        Filters as keyword arguments: name, id, status, visibility, member_status, owner, tag,
        size_min, size_max, protected, is_hidden, created_at, updated_at, sort, sort_key,
        sort_dir, limit (page size), marker, any image property; max_items=N stops after N,
        paginated=False reads one page only. Deliberately unlike openstacksdk: booleans are
        sent as Glance spells them and an unknown filter goes to the server as a property
        filter rather than being dropped."""
        listing: Iterator[Image] = self._listing("osi_images", JSON(query or None), wrap=Image)
        return listing

    def get_image(self, image: ImageRef) -> Image:
        """One image by id (GET /v2/images/{id}); NotFoundError (ResourceNotFound) when
        unknown. image is an id or an image resource."""
        return Image(self._value("osi_get_image", resource_id(image, "image")))

    def find_image(self, name_or_id: str, ignore_missing: bool = True) -> Optional[Image]:
        """An image by id, else by exact name (hidden images included). None when nothing
        matches and ignore_missing, else NotFoundError; AmbiguousError (DuplicateResource)
        for several."""
        found = self._value("osi_find_image", text(name_or_id, "name_or_id"), int(bool(ignore_missing)))
        return Image(found) if found is not None else None

    def update_image(self, image: ImageRef, **attrs: Any) -> Image:
        """Changes attributes and properties with one JSON patch against the image as it is
        on the server: new keys are added, changed ones replaced, None removes a custom
        property (nothing else is removed), tags=[...] replaces the list; values of custom
        properties are sent as strings. openstacksdk names work (is_protected, ...). Returns
        the updated image; sends nothing when nothing changes. Deliberately unlike
        openstacksdk: other custom properties are never removed, and list attributes are sent
        as whole values Glance accepts."""
        return Image(self._value("osi_update_image", resource_id(image, "image"), JSON(attrs)))

    def update_image_properties(self, image: Optional[ImageRef] = None, meta: Optional[Dict[str, Any]] = None,
                                **kwargs: Any) -> bool:
        """openstacksdk's update_image_properties: kwargs converted its way (min_disk,
        min_ram, size and virtual_size to int, other values to str; ramdisk/kernel given as a
        name or id become ramdisk_id/kernel_id), meta sent as given and winning over kwargs.
        Only differing values are sent. Returns True when something changed."""
        if image is None:
            raise TypeError("update_image_properties needs an image")
        properties: Dict[str, Any] = {}
        for key, value in kwargs.items():
            if value and key in ("ramdisk", "kernel"):
                found = self.find_image(value, ignore_missing=False)
                value = found["id"] if found is not None else value
                key = key + "_id"
            properties[key] = value
        changed = ctypes.c_int32()
        self._call("osi_update_image_properties", resource_id(image, "image"), JSON(meta or None),
                   JSON(properties or None), ctypes.byref(changed), None)
        return bool(changed.value)

    def delete_image(self, image: ImageRef, ignore_missing: bool = True, store: Optional[StoreRef] = None) -> None:
        """Deletes an image, or with store (an id or store resource) only its data in that
        store. A missing image is no error unless ignore_missing is false (NotFoundError)."""
        options = {"store": _text_id(store, "store")} if store is not None else None
        self._action("osi_delete_image", resource_id(image, "image"), int(bool(ignore_missing)), JSON(options))

    def deactivate_image(self, image: ImageRef) -> None:
        """Deactivates an active image: only admins can download it afterwards. Deliberately
        unlike openstacksdk: an error answer raises."""
        self._action("osi_deactivate_image", resource_id(image, "image"))

    def reactivate_image(self, image: ImageRef) -> None:
        """Reactivates a deactivated image (an error answer raises)."""
        self._action("osi_reactivate_image", resource_id(image, "image"))

    def add_tag(self, image: ImageRef, tag: str) -> None:
        """Adds a tag to an image (adding it twice is no error)."""
        self._action("osi_add_tag", resource_id(image, "image"), text(tag, "tag"))

    def remove_tag(self, image: ImageRef, tag: str) -> None:
        """Removes a tag; NotFoundError when the image does not have it."""
        self._action("osi_remove_tag", resource_id(image, "image"), text(tag, "tag"))

    def import_image(self, image: ImageRef, method: str = "glance-direct", uri: Optional[str] = None,
                     store: Optional[StoreRef] = None, stores: Optional[List[StoreRef]] = None,
                     all_stores: Optional[bool] = None, all_stores_must_succeed: Optional[bool] = None,
                     remote_region: Optional[str] = None, remote_image_id: Optional[str] = None,
                     remote_service_interface: Optional[str] = None) -> None:
        """Starts an import (POST /v2/images/{id}/import); follow it with wait_for_image().
        method: glance-direct (after stage_image), web-download (uri), copy-image (stores),
        glance-download (remote_region, remote_image_id). Stores are ids or store resources.
        Deliberately unlike openstacksdk: a bare image id works, conflicting options raise
        InvalidArgumentError before any request, and an error answer raises."""
        options: Dict[str, Any] = {
            "method": method, "uri": uri, "all_stores": all_stores, "all_stores_must_succeed": all_stores_must_succeed,
            "remote_region": remote_region, "remote_image_id": remote_image_id,
            "remote_service_interface": remote_service_interface}
        if store is not None:
            options["store"] = _text_id(store, "store")
        if stores is not None:
            options["stores"] = [_text_id(each, "stores") for each in stores]
        options = {key: value for key, value in options.items() if value is not None}
        self._action("osi_import_image", resource_id(image, "image"), JSON(options))

    def wait_for_image(self, image: ImageRef, status: str = "active", timeout: Optional[float] = None,
                       interval: float = 2, callback: Optional[Callable[[Image], Any]] = None) -> Optional[Image]:
        """Polls the image every interval seconds until it has status (timeout None: no
        limit); returns it (None for "deleted"). A killed image or a failed import raises
        TaskFailedError with the server's explanation; running out of time TimeoutError.
        callback(image) sees every poll; an exception there stops the wait and is re-raised.
        Other threads keep using the connection meanwhile."""
        watch = _callbacks.watcher(None if callback is None else (lambda seen: callback(Image(seen))))
        options = {"timeout": time_limit(timeout), "interval": float(interval)}
        found = self._value("osi_wait_for_image", resource_id(image, "image"), text(status, "status"),
                            JSON(options), watch, None, callbacks=(watch,))
        return Image(found) if found is not None else None

    def wait_for_status(self, res: Any, status: str, failures: Optional[List[str]] = None,
                        interval: Optional[float] = 2, wait: Optional[float] = None, attribute: str = "status",
                        callback: Optional[Callable[[int], Any]] = None) -> Any:
        """openstacksdk's wait_for_status: polls the resource (an image, task or member as
        returned; a bare id means an image) until its attribute equals status (ignoring
        case). A value in failures (default ["ERROR"]) raises ResourceFailure
        (TaskFailedError); after wait seconds (None: no limit) ResourceTimeout. callback, as
        openstacksdk's, gets the resource's "progress" (0 when it has none) after every poll.
        Returns the resource as last fetched."""
        target = _as_resource(res)
        options: Dict[str, Any] = {"interval": 2 if interval is None else float(interval), "attribute": attribute,
                                   "failures": list(failures) if failures is not None else ["ERROR"]}
        if wait is not None:
            options["timeout"] = float(wait)
        watch = _progress_watcher(callback)
        found = self._value("osi_wait_for_status", JSON(target), text(status, "status"), JSON(options),
                            watch, None, callbacks=(watch,))
        return type(target).wrap(found) if isinstance(target, Resource) else _wrap_like(target, found)

    def wait_for_delete(self, res: Any, interval: Optional[float] = 2, wait: Optional[float] = 120,
                        callback: Optional[Callable[[int], Any]] = None) -> Any:
        """openstacksdk's wait_for_delete: polls the resource until the server answers 404
        (an image in status deleted counts as gone); ResourceTimeout after wait seconds (None:
        no limit). Returns the resource as last seen."""
        target = _as_resource(res)
        options: Dict[str, Any] = {"interval": 2 if interval is None else float(interval)}
        if wait is not None:
            options["timeout"] = float(wait)
        watch = _progress_watcher(callback)
        found = self._value("osi_wait_for_delete", JSON(target), JSON(options), watch, None, callbacks=(watch,))
        return _wrap_like(target, found)

    def image_tasks(self, image: ImageRef) -> Iterator[Task]:
        """A generator of the image's import tasks (a failed one explains itself in "message")."""
        listing: Iterator[Task] = self._listing("osi_image_tasks", resource_id(image, "image"), wrap=Task)
        return listing


def _text_id(resource: Any, name: str) -> str:
    """The id of a store (or other resource) as str."""
    value = resource_id(resource, name)
    return value.decode() if isinstance(value, bytes) else str(value)


def _as_resource(res: Any) -> Dict[str, Any]:
    """A resource argument of the generic waits as a dict; a bare id is an image."""
    if isinstance(res, str):
        return Image({"id": res})
    if isinstance(res, dict):
        return res
    raise TypeError("res must be a resource (a dict) or an image id, not %s" % type(res).__name__)


def _wrap_like(target: Dict[str, Any], found: Any) -> Any:
    """`found` as the resource class of `target` (Image for plain dicts)."""
    cls = type(target) if isinstance(target, Resource) else (Task if "/v2/tasks/" in str(target.get("self", ""))
                                                               else Image)
    return cls.wrap(found)


def _progress_watcher(callback: Optional[Callable[[int], Any]]) -> Any:
    """A wait callback calling callback(progress) as openstacksdk's waits do."""
    if callback is None:
        return _callbacks.watcher(None)
    return _callbacks.watcher(lambda seen: callback(int(seen.get("progress") or 0)))

