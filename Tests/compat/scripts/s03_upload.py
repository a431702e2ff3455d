"""upload_image(container_format, disk_format, data, **attrs): openstacksdk's create-and-upload."""
import hashlib
import io

import osimage as openstack
from server import Server, pattern, unique_name

def main(env):
    conn = openstack.connect(cloud="osi-demo")
    glance = Server(env, "demo")
    data = pattern(200_000)
    image = conn.image.upload_image(container_format="bare", disk_format="raw", data=io.BytesIO(data),
                                    name=unique_name("upload"), visibility="private")
    try:
        on_server = glance.image(image.id)
        assert on_server["status"] == "active" and on_server["visibility"] == "private"
        assert on_server["checksum"] == hashlib.md5(data).hexdigest()
        assert glance.data(image.id) == data
        # Positional, as the reference documents it.
        second = conn.image.upload_image("bare", "raw", data, name=unique_name("upload-pos"))
        assert glance.image(second.id)["size"] == len(data)
        conn.image.delete_image(second)
    finally:
        conn.image.delete_image(image)
        conn.close()
