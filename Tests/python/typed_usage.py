"""A typed program written against osimage the openstacksdk way; `mypy --strict` checks it
(scripts/typecheck), so the package's annotations serve real user code. Not run as a test."""
import asyncio
import hashlib
from typing import Dict, Iterator, List, Optional

import osimage
from osimage import exceptions


def active_images(conn: osimage.Connection, tag: str) -> List[str]:
    names: List[str] = []
    for image in conn.image.images(tag=tag, status="active"):
        protected: Optional[bool] = image.is_protected
        if not protected:
            names.append(str(image.name))
    return names


def checksum_of(conn: osimage.Connection, image: osimage.Image) -> str:
    digest = hashlib.md5()
    with conn.image.download_image(image, stream=True, chunk_size=1 << 20) as response:
        for chunk in response.iter_content(chunk_size=1 << 16):
            digest.update(chunk)
        length: str = response.headers["Content-Length"]
        assert int(length) >= 0
    return digest.hexdigest()


def share(conn: osimage.Connection, image_id: str, project: str) -> osimage.Member:
    member = conn.image.add_member(image_id, member_id=project)
    return member


def remove_quietly(conn: osimage.Connection, image: osimage.Image) -> bool:
    try:
        conn.image.delete_image(image, ignore_missing=False)
    except exceptions.ResourceNotFound as error:
        code: Optional[int] = error.status_code
        return code == 404
    return True


def stages(conn: osimage.Connection, name: str, data: bytes) -> osimage.Image:
    image = conn.image.create_image(name, disk_format="raw", container_format="bare")
    conn.image.stage_image(image, data=data, size=len(data))
    conn.image.import_image(image, method="glance-direct")
    done: osimage.Image = conn.image.wait_for_status(image, "active", failures=["killed"], wait=600)
    return done


def tasks(conn: osimage.Connection) -> Iterator[Dict[str, object]]:
    for task in conn.image.tasks(type="import"):
        yield task.to_dict()


async def find_later(conn: osimage.Connection, name: str) -> Optional[osimage.Image]:
    return await asyncio.to_thread(conn.image.find_image, name)


def main() -> None:
    osimage.enable_logging(debug=True, http_debug=False)
    with osimage.connect(cloud="mycloud") as conn:
        print(active_images(conn, "base"))
        print(asyncio.run(find_later(conn, "debian-12")))
        print([store.id for store in conn.image.stores() if store.is_default])
        print(conn.image.get_import_info().import_methods)
        print(conn.image.update_image_properties(image="some-id", min_disk=1))


if __name__ == "__main__":
    main()
