"""MemberOperations: sharing an image with other projects (members) from Connection.

Argument order follows openstacksdk: member first, then image. A member is a project id or
a member resource (its "member_id"); an image is an id or an image resource."""
from __future__ import annotations
TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from typing import Any, Dict, Iterator, Optional, Union

    MemberRef = Union[str, Dict[str, Any]]
    ImageRef = Union[str, Dict[str, Any]]

from ._calls import JSON, resource_id, text
from ._operations import Operations
from .resource import Member


def _member(member: MemberRef) -> bytes:
    if isinstance(member, dict) and not isinstance(member.get("member_id"), str) and isinstance(member.get("member"), str):
        return resource_id(member, "member", key="member")
    return resource_id(member, "member", key="member_id")


def _image(image: ImageRef) -> bytes:
    return resource_id(image, "image")


class MemberOperations(Operations):
    """Mixed into Connection; uses its _value, _listing and _action calls."""

    def add_member(self, image: ImageRef, member_id: Optional[str] = None, **attrs: Any) -> Member:
        """Shares a "shared" image with the project member_id (openstacksdk's
        add_member(image, **attrs) with attrs member_id= or member=); the member is "pending"
        until that project accepts. ForbiddenError for a private image, ConflictError if
        shared already."""
        project = member_id if member_id is not None else attrs.pop("member", None)
        if attrs:
            raise TypeError("add_member: unknown attribute(s) %s" % ", ".join(sorted(attrs)))
        if not isinstance(project, str):
            raise TypeError("add_member needs member_id=<project id>")
        return Member(self._value("osi_add_member", _image(image), text(project, "member_id")))

    def remove_member(self, member: MemberRef, image: Optional[ImageRef] = None, ignore_missing: bool = True) -> None:
        """Stops sharing the image with the member's project. image may be left out when
        member is a member resource (it carries its image_id): deliberately unlike
        openstacksdk, which then sends /images/None/..."""
        if image is None:
            carried = member.get("image_id") if isinstance(member, dict) else None
            if not isinstance(carried, str):
                raise TypeError("remove_member needs image unless member is a member record with image_id")
            image = carried
        self._action("osi_remove_member", _image(image), _member(member), int(bool(ignore_missing)))

    def find_member(self, name_or_id: str, image: ImageRef, ignore_missing: bool = True) -> Optional[Member]:
        """The member of the image for a project id; None when missing and ignore_missing."""
        found = self._value("osi_find_member", _image(image), text(name_or_id, "name_or_id"),
                            int(bool(ignore_missing)))
        return Member(found) if found is not None else None

    def get_member(self, member: MemberRef, image: ImageRef) -> Member:
        """One member of the image; NotFoundError when the project is no member."""
        return Member(self._value("osi_get_member", _image(image), _member(member)))

    def members(self, image: ImageRef, **query: Any) -> Iterator[Member]:
        """A generator of the image's members, filtered by status (pending, accepted,
        rejected, all), member_id, created_at, updated_at, max_items (deliberately unlike
        openstacksdk, which ignores the query)."""
        listing: Iterator[Member] = self._listing("osi_members", _image(image), JSON(query or None), wrap=Member)
        return listing

    def update_member(self, member: MemberRef, image: ImageRef, status: Optional[str] = None, **attrs: Any) -> Member:
        """Sets the calling project's member status: "accepted" (the image then shows in its
        image list), "rejected" or "pending" (openstacksdk's update_member(member, image,
        **attrs) with attrs status=). The owner gets ForbiddenError."""
        if attrs:
            raise TypeError("update_member: only status can change (got %s)" % ", ".join(sorted(attrs)))
        if status is None:
            raise TypeError("update_member needs status=")
        return Member(self._value("osi_update_member", _image(image), _member(member), text(status, "status")))
