"""stage_image(data=fileobj, size=n) then import_image(glance-direct) and a wait."""
import hashlib
import io

import osimage as openstack
from server import Server, pattern, unique_name

def main(env):
    conn = openstack.connect(cloud="osi-demo")
    glance = Server(env, "demo")
    data = pattern(150_000)
    image = conn.image.create_image(unique_name("stage"), disk_format="raw", container_format="bare")
    try:
        assert "glance-direct" in conn.image.get_import_info().import_methods["value"]

        class Stream(io.RawIOBase):  # a stream that does not know its length
            def __init__(self):
                self.inner = io.BytesIO(data)
            def readable(self):
                return True
            def readinto(self, buffer):
                return self.inner.readinto(buffer)

        conn.image.stage_image(image, data=Stream(), size=len(data))
        assert glance.image(image.id)["status"] == "uploading"
        conn.image.import_image(image, method="glance-direct")
        image = conn.image.wait_for_status(image, "active", failures=["killed"], interval=0.5, wait=120)
        assert image.status == "active"
        assert glance.image(image.id)["checksum"] == hashlib.md5(data).hexdigest()
    finally:
        conn.image.delete_image(image)
        conn.close()
