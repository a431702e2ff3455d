"""CacheOperations: the image cache (admin; Glance v2.14, v2.18 for the newer calls), image
locations (v2.17) and quota usage of Connection. A call the cloud's advertised version does
not cover raises UnsupportedError before any request."""
from __future__ import annotations
TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from typing import Any

from ._operations import Operations
from ._calls import JSON, resource_id, text


def _image(image: Any) -> Any:
    return resource_id(image, "image")


class CacheOperations(Operations):
    """Mixed into Connection; uses its _value, _listing and _action calls."""

    def get_image_cache(self) -> Any:
        """{"cached_images": [...], "queued_images": [...]} of the node that answers."""
        return self._value("osi_get_image_cache")

    def cache_delete_image(self, image: Any, ignore_missing: Any = True) -> Any:
        """Removes the image from the cache and the queue."""
        self._action("osi_cache_delete_image", _image(image), int(bool(ignore_missing)))

    def queue_image(self, image: Any) -> Any:
        """Queues an active image for caching (Glance caches it in the background)."""
        self._action("osi_queue_image", _image(image))

    def clear_cache(self, target: Any = "both") -> Any:
        """Empties the cache, the queue or both: target "both", "cache" or "queue"."""
        self._action("osi_clear_cache", text(target, "target"))

    def cached_image_nodes(self, image: Any) -> Any:
        """The reference URLs of the Glance nodes that cache the image (v2.18)."""
        return self._value("osi_cached_image_nodes", _image(image))

    def clean_cache(self) -> Any:
        """Removes invalid and stalled cache entries (v2.18)."""
        self._action("osi_clean_cache")

    def prune_cache(self) -> Any:
        """Prunes the cache to its configured size: {"total_files_pruned", "total_bytes_pruned"}
        (v2.18)."""
        return self._value("osi_prune_cache")

    # ---- locations ----

    def add_image_location(self, image: Any, url: Any, *, validation_data: Any = None) -> Any:
        """Adds a location (an http(s) URL of the cloud's http store) to a queued image;
        Glance then reads and hashes the data (checking validation_data's os_hash_algo and
        os_hash_value) and activates the image in the background. Returns the location as
        openstacksdk does: {"image_id", "url", "validation_data"}."""
        image_id = _image(image)
        self._action("osi_add_image_location", image_id, text(url, "url"), JSON(validation_data or {}))
        return {"image_id": image_id.decode(), "url": url, "validation_data": validation_data or {}}

    def image_locations(self, image: Any) -> Any:
        """A generator of the image's locations: {"url", "metadata"} (service or admin)."""
        return self._listing("osi_image_locations", _image(image))

    # ---- usage ----

    def get_usage_info(self) -> Any:
        """The project's quota usage (GET /v2/info/usage): {"usage": {...}}."""
        return self._value("osi_get_usage_info")
