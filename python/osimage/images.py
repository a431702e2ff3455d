"""ImageOperations: the image calls of Connection (list, get, find, update, import, ...)."""
from . import _callbacks
from ._calls import JSON, resource_id, text, time_limit


class ImageOperations:
    """Mixed into Connection; uses its _value, _listing and _action calls."""

    def images(self, **query):
        """A generator of images (dicts), fetching pages lazily. Filters as keyword
        arguments: name, id, status, visibility, member_status, owner, tag, size_min,
        size_max, protected, is_hidden, created_at, updated_at, sort, sort_key, sort_dir,
        limit (page size), marker, any image property; max_items=N stops after N,
        paginated=False reads one page only."""
        return self._listing("osi_images", JSON(query or None))

    def get_image(self, image):
        """One image by id (GET /v2/images/{id}); NotFoundError when unknown. image is an id
        or an image dict."""
        return self._value("osi_get_image", resource_id(image, "image"))

    def find_image(self, name_or_id, ignore_missing=True):
        """An image by id, else by exact name (hidden images included). None when nothing
        matches and ignore_missing, else NotFoundError; AmbiguousError for several."""
        return self._value("osi_find_image", text(name_or_id, "name_or_id"), int(bool(ignore_missing)))

    def update_image(self, image, **attrs):
        """Changes attributes and properties with one JSON patch against the image as it is
        on the server: new keys are added, changed ones replaced, None removes a custom
        property (nothing else is removed), tags=[...] replaces the list; values of custom
        properties are sent as strings. openstacksdk names work (is_protected, ...). Returns
        the updated image; sends nothing when nothing changes."""
        return self._value("osi_update_image", resource_id(image, "image"), JSON(attrs))

    def delete_image(self, image, ignore_missing=True, store=None):
        """Deletes an image, or with store (an id or store dict) only its data in that store.
        A missing image is no error unless ignore_missing is false (NotFoundError)."""
        options = {"store": resource_id(store, "store").decode()} if store is not None else None
        self._action("osi_delete_image", resource_id(image, "image"), int(bool(ignore_missing)), JSON(options))

    def deactivate_image(self, image):
        """Deactivates an active image: only admins can download it afterwards."""
        self._action("osi_deactivate_image", resource_id(image, "image"))

    def reactivate_image(self, image):
        """Reactivates a deactivated image."""
        self._action("osi_reactivate_image", resource_id(image, "image"))

    def add_tag(self, image, tag):
        """Adds a tag to an image (adding it twice is no error)."""
        self._action("osi_add_tag", resource_id(image, "image"), text(tag, "tag"))

    def remove_tag(self, image, tag):
        """Removes a tag; NotFoundError when the image does not have it."""
        self._action("osi_remove_tag", resource_id(image, "image"), text(tag, "tag"))

    def import_image(self, image, method="glance-direct", uri=None, store=None, stores=None,
                     all_stores=None, all_stores_must_succeed=None, remote_region=None,
                     remote_image_id=None, remote_service_interface=None):
        """Starts an import (POST /v2/images/{id}/import); follow it with wait_for_image().
        method: glance-direct (after stage_image), web-download (uri), copy-image (stores),
        glance-download (remote_region, remote_image_id). Stores are ids or store dicts.
        Conflicting options raise InvalidArgumentError before any request."""
        options = {"method": method, "uri": uri, "all_stores": all_stores,
                   "all_stores_must_succeed": all_stores_must_succeed, "remote_region": remote_region,
                   "remote_image_id": remote_image_id, "remote_service_interface": remote_service_interface}
        if store is not None:
            options["store"] = resource_id(store, "store").decode()
        if stores is not None:
            options["stores"] = [resource_id(each, "stores").decode() for each in stores]
        options = {key: value for key, value in options.items() if value is not None}
        self._action("osi_import_image", resource_id(image, "image"), JSON(options))

    def wait_for_image(self, image, status="active", timeout=None, interval=2, callback=None):
        """Polls the image every interval seconds until it has status (timeout None: no
        limit); returns it (None for "deleted"). A killed image or a failed import raises
        TaskFailedError with the server's explanation; running out of time TimeoutError.
        callback(image) sees every poll; an exception there stops the wait and is re-raised.
        Other threads keep using the connection meanwhile."""
        watch = _callbacks.watcher(callback)
        options = {"timeout": time_limit(timeout), "interval": float(interval)}
        return self._value("osi_wait_for_image", resource_id(image, "image"), text(status, "status"),
                           JSON(options), watch, None, callbacks=(watch,))

    def image_tasks(self, image):
        """A generator of the image's import tasks (a failed one explains itself in "message")."""
        return self._listing("osi_image_tasks", resource_id(image, "image"))
