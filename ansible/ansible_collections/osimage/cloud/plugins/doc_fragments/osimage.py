# Copyright: osimage developers
# Apache License 2.0

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):
    """The connection options of every osimage.cloud module (module_utils/osimage_cloud.py)."""

    DOCUMENTATION = r'''
options:
  cloud:
    description: A clouds.yaml cloud name, or a dict of its settings.
    type: raw
  auth:
    description: Auth settings (auth_url, username, password, project_name, ...).
    type: dict
  auth_type:
    description: The auth plugin (password, v3applicationcredential, token, none...).
    type: str
  region_name:
    description: The region.
    type: str
  interface:
    description: The endpoint interface.
    type: str
    default: public
    choices: [admin, internal, public]
    aliases: [endpoint_type]
  validate_certs:
    description: Whether to verify TLS certificates.
    type: bool
    aliases: [verify]
  ca_cert:
    description: A CA bundle.
    type: str
    aliases: [cacert]
  api_timeout:
    description: Timeout of one API request, in seconds.
    type: int
requirements:
  - osimage (Python package) and libosimage.so
'''
