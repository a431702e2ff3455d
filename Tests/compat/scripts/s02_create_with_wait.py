"""create_image from a path with wait=True, with openstacksdk's keyword conversion."""
import hashlib
import os
import tempfile

import osimage as openstack
from server import Server, pattern, unique_name

def main(env):
    conn = openstack.connect(cloud="osi-demo")
    glance = Server(env, "demo")
    data = pattern(300_000)
    folder = tempfile.mkdtemp()
    path = os.path.join(folder, unique_name("debian") + ".qcow2.raw")
    with open(path, "wb") as file:
        file.write(data)
    image = None
    try:
        # The name is a path: the name is its extensionless basename, the file is uploaded.
        image = conn.image.create_image(path, disk_format="raw", container_format="bare", wait=True,
                                        timeout=300, min_disk="1", min_ram=64.0, os_distro="debian",
                                        hw_flag=True, meta={"os_meta_key": "as-is"})
        assert image.name == os.path.splitext(os.path.basename(path))[0], image.name
        assert image.status == "active"
        on_server = glance.image(image.id)
        assert on_server["status"] == "active" and on_server["size"] == len(data)
        assert on_server["checksum"] == hashlib.md5(data).hexdigest() == image.checksum
        assert on_server["os_hash_value"] == hashlib.sha512(data).hexdigest() == image.hash_value
        assert on_server["min_disk"] == 1 and on_server["min_ram"] == 64
        assert on_server["os_distro"] == "debian" and on_server["hw_flag"] == "true"
        assert on_server["os_meta_key"] == "as-is"
        # The same name and data again is the same image (no duplicate).
        again = conn.image.create_image(image.name, filename=path, disk_format="raw", container_format="bare",
                                        wait=True)
        assert again.id == image.id
        # filename= with an explicit name.
        other = conn.image.create_image(unique_name("named"), filename=path, disk_format="raw",
                                        container_format="bare", wait=True, allow_duplicates=True)
        assert glance.image(other.id)["status"] == "active"
        conn.image.delete_image(other)
    finally:
        if image is not None:
            conn.image.delete_image(image)
        os.unlink(path)
        os.rmdir(folder)
        conn.close()
