"""MemberOperations: sharing an image with other projects (members) from Connection.

Argument order follows openstacksdk: member first, then image. A member is a project id or
a member dict (its "member_id"); an image is an id or an image dict."""
from ._calls import JSON, resource_id, text


def _member(member):
    return resource_id(member, "member", key="member_id")


def _image(image):
    return resource_id(image, "image")


class MemberOperations:
    """Mixed into Connection; uses its _value, _listing and _action calls."""

    def add_member(self, image, member_id):
        """Shares a "shared" image with the project member_id; the member is "pending" until
        that project accepts. ForbiddenError for a private image, ConflictError if shared
        already."""
        return self._value("osi_add_member", _image(image), text(member_id, "member_id"))

    def remove_member(self, member, image, ignore_missing=True):
        """Stops sharing the image with the member's project."""
        self._action("osi_remove_member", _image(image), _member(member), int(bool(ignore_missing)))

    def find_member(self, name_or_id, image, ignore_missing=True):
        """The member of the image for a project id; None when missing and ignore_missing."""
        return self._value("osi_find_member", _image(image), text(name_or_id, "name_or_id"),
                           int(bool(ignore_missing)))

    def get_member(self, member, image):
        """One member of the image; NotFoundError when the project is no member."""
        return self._value("osi_get_member", _image(image), _member(member))

    def members(self, image, **query):
        """A generator of the image's members, filtered by status (pending, accepted,
        rejected, all), member_id, created_at, updated_at, max_items."""
        return self._listing("osi_members", _image(image), JSON(query or None))

    def update_member(self, member, image, status):
        """Sets the calling project's member status: "accepted" (the image then shows in its
        image list), "rejected" or "pending". The owner gets ForbiddenError."""
        return self._value("osi_update_member", _image(image), _member(member), text(status, "status"))
