"""The local Glance (+ Keystone) that `scripts/stack up` started, for the Python tests.

scripts/test exports OSI_NOAUTH_ENV and OSI_KEYSTONE_ENV (paths of each mode's stack.env);
without them the default state folder of scripts/stack is read, as the Swift tests do.
"""
import json
import os
import secrets
import urllib.error
import urllib.request

import osimage


class Stack:
    """One mode of the running stack: its stack.env values and connections to its clouds."""

    def __init__(self, mode):
        self.mode = mode
        variable = "OSI_NOAUTH_ENV" if mode == "noauth" else "OSI_KEYSTONE_ENV"
        state = os.environ.get("OSI_STACK_STATE",
                               os.path.expanduser("~/.cache/osimage-stack/state"))
        path = os.environ.get(variable) or os.path.join(state, mode, "stack.env")
        if not os.path.exists(path):
            raise RuntimeError("no %s: start the stack with `scripts/stack up %s`" % (path, mode))
        self.values = {}
        with open(path, encoding="utf-8") as env:
            for line in env:
                line = line.strip()
                if "=" in line and not line.startswith("#"):
                    key, value = line.split("=", 1)
                    self.values[key.replace("export ", "")] = value.strip("'\"")

    def __getitem__(self, key):
        return self.values[key]

    @property
    def clouds_file(self):
        """The clouds.yaml of this mode."""
        return self.values["OS_CLIENT_CONFIG_FILE"]

    def connect(self, cloud=None, **options):
        """A Connection to `cloud` of this mode (default: osi-noauth or osi-demo)."""
        cloud = cloud or ("osi-noauth" if self.mode == "noauth" else "osi-demo")
        return osimage.Connection(cloud=cloud, config_file=self.clouds_file, **options)


def unique_name(prefix):
    """A name no other test (or developer sharing the stack) uses."""
    return "%s-%s" % (prefix, secrets.token_hex(6))


def _glance_request(stack, method, path, body=None):
    """A raw request to the noauth Glance (test setup only, never the code under test)."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(stack["OSI_GLANCE_URL"] + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        text = response.read()
    return json.loads(text) if text else None


def seed_image(stack, **properties):
    """Creates a metadata-only image through the raw API of the noauth Glance."""
    body = {"disk_format": "raw", "container_format": "bare"}
    body.update(properties)
    return _glance_request(stack, "POST", "/v2/images", body)


def remove_image(stack, image):
    """Deletes an image through the raw API, ignoring one already gone."""
    try:
        _glance_request(stack, "DELETE", "/v2/images/" + image["id"])
    except urllib.error.HTTPError as error:
        if error.code != 404:
            raise


def raw_bytes(count):
    """count bytes of a repeating pattern that no image format detector takes for a header
    (Glance 33 checks uploaded data against disk_format)."""
    return bytes((n * 31 + 7) & 0xFF for n in range(256)) * (count // 256) + bytes((n * 31 + 7) & 0xFF for n in range(count % 256))


class WebFile:
    """A file served by the stack's static web server, for web-download imports; a context
    manager that removes it at the end."""

    def __init__(self, stack, data, prefix="py-web"):
        name = unique_name(prefix) + ".raw"
        self.path = os.path.join(stack["OSI_WEB_DIR"], name)
        self.url = stack["OSI_WEB_URL"] + "/" + name
        with open(self.path, "wb") as file:
            file.write(data)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        os.unlink(self.path)
