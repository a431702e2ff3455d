"""ImageOperations: the image calls of Connection (list, get, find, ...)."""
from ._calls import JSON, resource_id, text


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
