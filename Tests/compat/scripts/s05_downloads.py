"""Stream and file downloads the way openstacksdk's docs show them."""
import hashlib
import io
import os
import tempfile

import osimage as openstack
from server import Server, pattern, unique_name

def main(env):
    conn = openstack.connect(cloud="osi-demo")
    glance = Server(env, "demo")
    data = pattern(3 * 1024 * 1024 + 5)
    image = conn.image.create_image(unique_name("download"), data=data, disk_format="raw", container_format="bare",
                                    wait=True)
    folder = tempfile.mkdtemp()
    try:
        assert glance.data(image.id) == data
        # The documented stream=True recipe: iterate, check Content-MD5 at the end.
        md5 = hashlib.md5()
        response = conn.image.download_image(image, stream=True)
        sizes = []
        with open(os.path.join(folder, "streamed"), "wb") as local:
            for chunk in response.iter_content(chunk_size=1024 * 64):
                md5.update(chunk)
                local.write(chunk)
                sizes.append(len(chunk))
        assert response.headers["Content-MD5"] == md5.hexdigest() == image.checksum
        assert max(sizes) <= 64 * 1024 and sum(sizes) == len(data)
        with open(os.path.join(folder, "streamed"), "rb") as local:
            assert local.read() == data
        # A context manager, closed half read: the connection is free for the next calls.
        with conn.image.download_image(image, stream=True, chunk_size=1000) as partial:
            first = next(iter(partial))
            assert first == data[:1000] and partial.status_code == 200
        # Bytes, a path, a binary file object, chunk_size for a write() object.
        assert conn.image.download_image(image) == data
        path = os.path.join(folder, "copy.raw")
        result = conn.image.download_image(image, output=path)
        assert result["hash_verified"] and os.path.getsize(path) == len(data)
        with open(os.path.join(folder, "object.raw"), "wb") as target:
            conn.image.download_image(image, output=target)
        with open(os.path.join(folder, "object.raw"), "rb") as copy:
            assert hashlib.sha512(copy.read()).hexdigest() == image.hash_value
        pieces = []

        class Writer:
            def write(self, chunk):
                pieces.append(len(chunk))

        conn.image.download_image(image, output=Writer(), chunk_size=4096)
        assert max(pieces) <= 4096 and sum(pieces) == len(data)
        buffer = io.BytesIO()
        conn.image.download_image(image, stream=True, output=buffer)
        assert buffer.getvalue() == data
    finally:
        conn.image.delete_image(image)
        for name in os.listdir(folder):
            os.unlink(os.path.join(folder, name))
        os.rmdir(folder)
        conn.close()
