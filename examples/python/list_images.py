#!/usr/bin/env python3
"""list_images.py [CLOUD]: prints the images of a cloud, one line each.

CLOUD names an entry of clouds.yaml; without it OS_CLOUD or OS_AUTH_URL/... are used.
"""
import sys

import osimage


def main(cloud=None):
    with (osimage.Connection(cloud=cloud) if cloud else osimage.Connection.from_env()) as conn:
        count = 0
        print("%-36s  %-11s %12s  %s" % ("ID", "STATUS", "SIZE", "NAME"))
        for image in conn.images(sort="name:asc"):
            size = image.get("size")
            print("%-36s  %-11s %12s  %s" % (image["id"], image["status"], size if size is not None else "-",
                                             image.get("name") or ""))
            count += 1
        print("%d image%s" % (count, "" if count == 1 else "s"))


if __name__ == "__main__":
    try:
        main(*sys.argv[1:2])
    except osimage.OsimageError as error:
        sys.exit("list_images: %s" % error)
