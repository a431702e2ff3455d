"""update_image, tags and update_image_properties."""
import osimage as openstack
from server import Server, unique_name

def main(env):
    conn = openstack.connect(cloud="osi-demo")
    glance = Server(env, "demo")
    image = conn.image.create_image(unique_name("update"), disk_format="raw", container_format="bare",
                                    os_keep="kept")
    try:
        renamed = unique_name("renamed")
        updated = conn.image.update_image(image, name=renamed, os_distro="ubuntu", min_ram=128)
        assert updated.name == renamed and updated.os_distro == "ubuntu"
        on_server = glance.image(image.id)
        assert on_server["name"] == renamed and on_server["min_ram"] == 128 and on_server["os_keep"] == "kept"
        conn.image.add_tag(image, "blue")
        conn.image.add_tag(image.id, "green")
        assert sorted(glance.image(image.id)["tags"]) == ["blue", "green"]
        conn.image.remove_tag(image, "blue")
        assert glance.image(image.id)["tags"] == ["green"]
        assert conn.image.update_image_properties(image=image, min_disk="3", os_version=12) is True
        assert conn.image.update_image_properties(image=image, min_disk=3, os_version="12") is False
        on_server = glance.image(image.id)
        assert on_server["min_disk"] == 3 and on_server["os_version"] == "12" and on_server["os_keep"] == "kept"
        hidden = conn.image.update_image(image, is_hidden=True, is_protected=True)
        assert hidden.is_hidden is True and hidden.is_protected is True
        assert glance.image(image.id)["protected"] is True
        conn.image.update_image(image, is_protected=False)
    finally:
        conn.image.delete_image(image)
        conn.close()
