"""The checks of the compatibility scripts: what the real Glance says, asked with plain
HTTP (urllib) and a token of the same user, never through osimage."""
import json
import os
import secrets
import urllib.error
import urllib.request


class Server:
    """The keystone stack's Glance, seen by one of its users (osi-admin, osi-demo, osi-alt)."""

    def __init__(self, env, user):
        self.env = env
        self.glance = env["OSI_GLANCE_URL"]
        body = {"auth": {"identity": {"methods": ["password"], "password": {"user": {
            "name": user, "domain": {"name": "Default"}, "password": "osi-%s-secret" % user}}},
            "scope": {"project": {"name": user, "domain": {"name": "Default"}}}}}
        request = urllib.request.Request(env["OSI_KEYSTONE_URL"] + "/v3/auth/tokens", data=json.dumps(body).encode(),
                                         headers={"Content-Type": "application/json"}, method="POST")
        with urllib.request.urlopen(request, timeout=30) as response:
            self.token = response.headers["X-Subject-Token"]

    def request(self, method, path, body=None, raw=False):
        """The answer to one request: JSON (or bytes with raw), None for an empty body;
        raises urllib.error.HTTPError for an error status."""
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.glance + path, data=data, method=method,
                                         headers={"X-Auth-Token": self.token, "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            text = response.read()
        if raw:
            return text
        return json.loads(text) if text else None

    def status_of(self, path):
        """The HTTP status of a GET of path."""
        try:
            self.request("GET", path, raw=True)
            return 200
        except urllib.error.HTTPError as error:
            return error.code

    def image(self, image_id):
        return self.request("GET", "/v2/images/" + image_id)

    def data(self, image_id):
        return self.request("GET", "/v2/images/%s/file" % image_id, raw=True)

    def delete(self, image_id):
        try:
            self.request("DELETE", "/v2/images/" + image_id)
        except urllib.error.HTTPError as error:
            if error.code != 404:
                raise


def unique_name(prefix):
    return "compat-%s-%s" % (prefix, secrets.token_hex(5))


def pattern(count):
    """count bytes no image format detector takes for a header."""
    block = bytes((n * 31 + 7) & 0xFF for n in range(256))
    return (block * (count // 256 + 1))[:count]


def read_env(path):
    values = {}
    with open(path, encoding="utf-8") as env:
        for line in env:
            line = line.strip()
            if "=" in line and not line.startswith("#"):
                key, value = line.split("=", 1)
                values[key.replace("export ", "")] = value.strip("'\"")
    return values


def web_file(env, data):
    """A file on the stack's web server: (url, path)."""
    name = unique_name("web") + ".raw"
    path = os.path.join(env["OSI_WEB_DIR"], name)
    with open(path, "wb") as file:
        file.write(data)
    return env["OSI_WEB_URL"] + "/" + name, path
