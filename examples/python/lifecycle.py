#!/usr/bin/env python3
"""lifecycle.py CLOUD OTHER_PROJECT_ID: an image's whole life with osimage.

Creates an image, uploads 4 MiB of data into it with progress, finds it in the image list,
downloads it to a file (verified against its sha512 while it streams), shares it with
another project, and deletes it (also when a step fails).
"""
import hashlib
import os
import sys
import tempfile

import osimage
from progress import Progress


def lifecycle(cloud, other_project):
    data = bytes(range(256)) * (16 << 10)  # 4 MiB; no disk format signature in it
    name = "lifecycle-py-%d" % os.getpid()
    with osimage.Connection(cloud=cloud) as conn:
        image = conn.create_image(name, disk_format="raw", container_format="bare", visibility="shared")
        try:
            print("created  %s %s" % (image["id"], image["status"]))
            image = conn.upload_image(image, data, progress=Progress("upload"))
            print("uploaded %d bytes: %s, %s %s" % (image["size"], image["status"], image["os_hash_algo"],
                                                    image["os_hash_value"][:16] + "..."))

            listed = [each["id"] for each in conn.images(name=name)]
            print("listed   %d image named %s" % (len(listed), name))
            assert listed == [image["id"]]

            with tempfile.TemporaryDirectory() as folder:
                path = os.path.join(folder, name + ".raw")
                result = conn.download_image(image, output=path, progress=Progress("download"))
                with open(path, "rb") as copy:
                    same = hashlib.sha512(copy.read()).hexdigest() == hashlib.sha512(data).hexdigest()
            print("download %d bytes, %s verified: %s, same bytes: %s"
                  % (result["bytes"], result["hash_algo"], result["hash_verified"], same))
            assert same and result["hash_verified"]

            member = conn.add_member(image, other_project)
            print("shared   with project %s: member %s" % (member["member_id"], member["status"]))
        finally:
            conn.delete_image(image, ignore_missing=False)
            print("deleted  %s" % image["id"])


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: lifecycle.py CLOUD OTHER_PROJECT_ID")
    try:
        lifecycle(sys.argv[1], sys.argv[2])
    except osimage.OsimageError as error:
        sys.exit("lifecycle: %s" % error)
