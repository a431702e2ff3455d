# Copyright: osimage developers
# Apache License 2.0
"""Shared by the osimage.cloud modules: the connection options (as the other OpenStack
modules spell them) and opening an osimage.Connection from them."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import traceback

try:
    import osimage
    # The import loads nothing; the first call loads libosimage.so (ImportError if it cannot).
    osimage.library_version()
    OSIMAGE_IMPORT_ERROR = None
except Exception:  # ImportError, or OSError when libosimage.so cannot be loaded
    osimage = None
    OSIMAGE_IMPORT_ERROR = traceback.format_exc()


def connection_argument_spec(**spec):
    """The module's argument spec with the common connection options added."""
    common = dict(
        cloud=dict(type='raw'),
        auth=dict(type='dict', no_log=True),
        auth_type=dict(type='str'),
        region_name=dict(type='str'),
        interface=dict(type='str', default='public', choices=['admin', 'internal', 'public'],
                       aliases=['endpoint_type']),
        validate_certs=dict(type='bool', aliases=['verify']),
        ca_cert=dict(type='str', aliases=['cacert']),
        api_timeout=dict(type='int'),
    )
    common.update(spec)
    return common


def connect(module):
    """An osimage.Connection for the module's options, or fail_json."""
    if osimage is None:
        from ansible.module_utils.basic import missing_required_lib
        module.fail_json(msg=missing_required_lib('osimage (and libosimage.so)'),
                         exception=OSIMAGE_IMPORT_ERROR)
    params = module.params
    options = {}
    cloud = params.get('cloud')
    if isinstance(cloud, dict):
        options.update(cloud)
    elif cloud:
        options['cloud'] = str(cloud)
    for key in ('auth', 'auth_type', 'region_name', 'interface', 'api_timeout'):
        if params.get(key) is not None:
            options[key] = params[key]
    if params.get('validate_certs') is not None:
        options['verify'] = params['validate_certs']
    if params.get('ca_cert'):
        options['cacert'] = params['ca_cert']
    try:
        if options:
            return osimage.Connection(**options)
        return osimage.Connection.from_env()
    except osimage.OsimageError as error:
        fail(module, 'Could not connect', error)


def fail(module, what, error, **result):
    """fail_json with an osimage error's message, status, HTTP status and request id."""
    details = dict(result)
    for key in ('http_status', 'request_id'):
        value = getattr(error, key, None)
        if value:
            details[key] = value
    code = getattr(error, 'code', None)
    if code is not None:
        details['status'] = getattr(code, 'name', str(code))
    module.fail_json(msg='%s: %s' % (what, error), **details)
