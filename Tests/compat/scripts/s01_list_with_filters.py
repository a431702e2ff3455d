"""List images with filters, as openstacksdk users do."""
import osimage as openstack
from server import Server, unique_name

def main(env):
    conn = openstack.connect(cloud="osi-demo")
    glance = Server(env, "demo")
    tag = unique_name("tag")
    made = []
    try:
        for index in range(3):
            image = conn.image.create_image(unique_name("list%d" % index), disk_format="raw",
                                            container_format="bare", tags=[tag], os_compat_index=index)
            made.append(image)
        found = list(conn.image.images(tag=tag, sort_key="name", sort_dir="asc"))
        assert [image.id for image in found] == sorted((image.id for image in made),
                                                       key=lambda i: next(m.name for m in made if m.id == i))
        server_ids = {image["id"] for image in glance.request("GET", "/v2/images?tag=" + tag)["images"]}
        assert {image.id for image in found} == server_ids
        by_name = list(conn.image.images(name=made[0].name))
        assert [image.id for image in by_name] == [made[0].id]
        queued = list(conn.image.images(tag=tag, status="queued", visibility="shared"))
        assert len(queued) == 3 and all(image.status == "queued" for image in queued)
        for image in found:
            assert image.owner_id == image["owner"] == image.owner
            assert image.is_protected is False and image.get("is_protected") is False
            assert image.is_hidden is False and image.visibility == "shared"
            assert image.hash_value is None and image.properties["os_compat_index"] in ("0", "1", "2")
            assert isinstance(image.to_dict(), dict) and image.to_dict()["owner_id"] == image.owner
        limited = list(conn.image.images(tag=tag, limit=1))
        assert len(limited) == 3, "limit is the page size: every page is followed"
    finally:
        for image in made:
            conn.image.delete_image(image, ignore_missing=True)
        conn.close()
