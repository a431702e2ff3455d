"""Paste filter for a Keystone-less Glance (the "noauth" flavor of scripts/stack).

Glance's stock noauth pipeline builds a context with no project and no roles,
which the default policies reject.  This filter stands where keystonemiddleware's
authtoken would: it marks every request as authenticated and fills in the
identity headers a client did not send itself, so glance's ContextMiddleware
builds a normal context and the default RBAC applies.  A test can still act as
another project (X-Project-Id) or as a non-admin (X-Roles: member,reader).

It also injects a service catalog with this Glance in RegionOne and RegionTwo,
which is what the glance-download import method looks up.
"""

import json


def _catalog(glance_url):
    def endpoint(region):
        return {"region": region, "publicURL": glance_url,
                "internalURL": glance_url, "adminURL": glance_url}

    return [{"type": "image", "name": "glance",
             "endpoints": [endpoint("RegionOne"), endpoint("RegionTwo")]}]


class NoauthIdentity:
    def __init__(self, app, conf):
        self.app = app
        self.defaults = {
            "HTTP_X_PROJECT_ID": conf["project_id"],
            "HTTP_X_USER_ID": conf["user_id"],
            "HTTP_X_ROLES": conf["roles"],
            "HTTP_X_AUTH_TOKEN": "noauth",
            "HTTP_X_SERVICE_CATALOG": json.dumps(_catalog(conf["glance_url"])),
        }

    def __call__(self, environ, start_response):
        environ["HTTP_X_IDENTITY_STATUS"] = "Confirmed"
        for key, value in self.defaults.items():
            environ.setdefault(key, value)
        return self.app(environ, start_response)


def filter_factory(global_conf, **local_conf):
    return lambda app: NoauthIdentity(app, local_conf)
