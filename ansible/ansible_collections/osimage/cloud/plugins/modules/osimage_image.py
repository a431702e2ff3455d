#!/usr/bin/python
# Copyright: osimage developers
# Apache License 2.0

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: osimage_image
short_description: An OpenStack image present or absent, over osimage
description:
  - Creates, updates, shares or deletes a Glance image with the osimage library.
  - Idempotent by name and content. When an image with the name (or I(id)) exists, I(filename)
    is compared with it by size and then by the image's own hash (C(os_hash_algo) /
    C(os_hash_value), else C(checksum)) computed locally; equal content uploads nothing.
    Different content uploads a new image and deletes the old one.
  - Attributes, I(properties), I(tags) and I(members) are brought to what is given with
    one PATCH; what is not given is left alone.
  - Supports check mode and diff mode.
  - The options follow openstack.cloud.image.
version_added: 0.1.0
options:
  name:
    description: The image name. Required unless I(id) is given.
    type: str
  id:
    description: The id of an existing image to manage (an unknown id fails).
    type: str
  filename:
    description: A local file with the image data.
    type: str
  disk_format:
    description: The disk format (raw, qcow2, ...). Only used when the image is created.
    type: str
    default: qcow2
  container_format:
    description: The container format. Only used when the image is created.
    type: str
    default: bare
  properties:
    description: Custom properties (values are sent as strings).
    type: dict
    default: {}
  tags:
    description: The image's tags (the whole list).
    type: list
    elements: str
  visibility:
    description: public, private, shared or community.
    type: str
    choices: [public, private, shared, community]
  is_public:
    description: Old spelling of I(visibility) public (true) or private (false).
    type: bool
  protected:
    description: Whether the image is protected from deletion.
    type: bool
    aliases: [is_protected]
  min_disk:
    description: Minimum disk size in GB.
    type: int
  min_ram:
    description: Minimum RAM in MB.
    type: int
  members:
    description:
      - Project ids the image is shared with (needs visibility shared); members not listed
        are removed. Not given, members are left alone.
    type: list
    elements: str
  state:
    description: present or absent.
    type: str
    default: present
    choices: [present, absent]
  wait:
    description: Wait until a new image is active.
    type: bool
    default: true
  timeout:
    description: Seconds to wait.
    type: int
    default: 180
  use_import:
    description: Upload through the interoperable image import (glance-direct).
    type: bool
    default: false
  import_method:
    description: glance-direct, web-download (with I(uri)) or glance-download.
    type: str
  uri:
    description: A URL for a web-download import.
    type: str
  stores:
    description: Store ids to import into.
    type: list
    elements: str
extends_documentation_fragment:
  - osimage.cloud.osimage
author: osimage developers
'''

EXAMPLES = r'''
- name: Upload an image, idempotent by content
  osimage.cloud.osimage_image:
    cloud: mycloud
    name: debian-12
    filename: /srv/images/debian-12.qcow2
    disk_format: qcow2
    visibility: shared
    properties:
      os_distro: debian
    tags: [golden]
    members: ["{{ partner_project_id }}"]

- name: Remove it
  osimage.cloud.osimage_image:
    cloud: mycloud
    name: debian-12
    state: absent
'''

RETURN = r'''
image:
  description: The image as the server has it afterwards (absent after a delete).
  returned: always
  type: dict
id:
  description: The image's id.
  returned: when the image exists
  type: str
members:
  description: The image's member project ids afterwards, when I(members) is given.
  returned: when members is given
  type: list
'''

import hashlib
import os

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.osimage.cloud.plugins.module_utils.osimage_cloud import (
    connect, connection_argument_spec, fail, osimage)

# The attributes compared and patched; disk/container format are fixed once data is there.
ATTRIBUTES = ('visibility', 'protected', 'min_disk', 'min_ram')
CHUNK = 1 << 20


def local_hash(path, algorithm):
    """The hex digest of the file with algorithm (hashlib name), or None if unknown."""
    try:
        digest = hashlib.new(algorithm)
    except (ValueError, TypeError):
        return None
    with open(path, 'rb') as stream:
        for chunk in iter(lambda: stream.read(CHUNK), b''):
            digest.update(chunk)
    return digest.hexdigest()


def same_data(image, path):
    """Whether the file holds the image's data: sizes first, then the image's own hash."""
    if image.get('status') != 'active' or image.get('size') != os.path.getsize(path):
        return False
    algorithm, value = image.get('os_hash_algo'), image.get('os_hash_value')
    if algorithm and value:
        return local_hash(path, algorithm) == value
    if image.get('checksum'):
        return local_hash(path, 'md5') == image['checksum']
    return False


def wanted_attributes(params):
    """The attributes and properties the task asks for (only those it gives)."""
    wanted = {}
    for key in ATTRIBUTES:
        if params.get(key) is not None:
            wanted[key] = params[key]
    if params.get('is_public') is not None and 'visibility' not in wanted:
        wanted['visibility'] = 'public' if params['is_public'] else 'private'
    for key, value in (params.get('properties') or {}).items():
        wanted[key] = value
    if params.get('tags') is not None:
        wanted['tags'] = list(params['tags'])
    return wanted


def as_text(value):
    """A property value as Glance stores it (a string), for comparing."""
    if isinstance(value, bool):
        return 'True' if value else 'False'
    return str(value)


def changes_for(image, wanted, properties):
    """The keys of wanted whose value differs from the image's."""
    changes = {}
    for key, value in wanted.items():
        current = image.get(key)
        if key == 'tags':
            if sorted(set(current or [])) != sorted(set(value)):
                changes[key] = value
        elif key in properties:
            if current is None or as_text(current) != as_text(value):
                changes[key] = value
        elif current != value:
            changes[key] = value
    return changes


def view(image, keys, members=None):
    """The part of an image the diff shows."""
    if image is None:
        return {}
    shown = {key: image.get(key) for key in sorted(set(keys) | {'name', 'id', 'status', 'os_hash_value'})}
    if 'tags' in shown and shown['tags'] is not None:
        shown['tags'] = sorted(shown['tags'])
    if members is not None:
        shown['members'] = sorted(members)
    return shown


class ImageTask:
    """One run of the module."""

    def __init__(self, module):
        self.module = module
        self.params = module.params
        self.changed = False
        self.conn = None

    def call(self, what, function, *args, **kwargs):
        try:
            return function(*args, **kwargs)
        except osimage.OsimageError as error:
            fail(self.module, what, error, changed=self.changed)

    def find(self):
        key = self.params.get('id') or self.params.get('name')
        return self.call('Could not look up image %s' % key, self.conn.find_image, key, True)

    def absent(self):
        image = self.find()
        result = dict(changed=image is not None, image={}, diff=dict(before=view(image, ()), after={}))
        if image is not None:
            if image.get('protected'):
                self.module.fail_json(msg='Image %s is protected: set protected: false first' % image['id'])
            if not self.module.check_mode:
                self.call('Could not delete image %s' % image['id'], self.conn.delete_image, image, False)
            result['id'] = image['id']
        self.module.exit_json(**result)

    def create(self, replaced=None):
        params = self.params
        options = dict(disk_format=params['disk_format'], container_format=params['container_format'],
                       wait=params['wait'], timeout=params['timeout'], allow_duplicates=True)
        for key in ('use_import', 'import_method', 'uri', 'stores'):
            if params.get(key):
                options[key] = params[key]
        options.update(wanted_attributes(params))
        name = params.get('name') or (replaced or {}).get('name')
        return self.call('Could not create image %s' % name, self.conn.create_image, name,
                         filename=params.get('filename'), **options)

    def sync_members(self, image, check):
        """Brings the members to the list given; returns the member ids afterwards."""
        wanted = set(self.params['members'])
        current = set()
        if image is not None and image.get('id'):
            current = {member['member_id'] for member in
                       self.call('Could not list members', self.conn.members, image['id'])}
        if wanted == current:
            return sorted(current)
        self.changed = True
        if not check:
            for project in sorted(wanted - current):
                self.call('Could not share with %s' % project, self.conn.add_member, image, project)
            for project in sorted(current - wanted):
                self.call('Could not stop sharing with %s' % project, self.conn.remove_member,
                          project, image, False)
        return sorted(wanted)

    def present(self):
        params = self.params
        check = self.module.check_mode
        if not params.get('name') and not params.get('id'):
            self.module.fail_json(msg='name or id is required')
        filename = params.get('filename')
        if filename and not os.path.isfile(filename):
            self.module.fail_json(msg='filename %s is no readable file' % filename)
        image = self.find()
        if image is None and params.get('id'):
            self.module.fail_json(msg='No image has the id %s' % params['id'])
        wanted = wanted_attributes(params)
        keys = set(wanted)
        properties = set(params.get('properties') or {})
        before_members = None
        if params.get('members') is not None and image is not None:
            before_members = sorted(m['member_id'] for m in self.call('Could not list members', self.conn.members, image))
        before = view(image, keys, before_members)

        replace = None
        if image is not None and filename and not same_data(image, filename):
            if image.get('protected'):
                self.module.fail_json(msg='Image %s holds other data but is protected' % image['id'])
            replace = image
        if image is None or replace is not None:
            self.changed = True
            if check:
                after = dict(wanted, name=params.get('name'), status='active')
                image = None
            else:
                image = self.create(replace)
                if replace is not None:
                    self.call('Could not delete the replaced image', self.conn.delete_image, replace, False)
                after = None
        else:
            changes = changes_for(image, wanted, properties)
            if changes:
                self.changed = True
                if not check:
                    image = self.call('Could not update image %s' % image['id'], self.conn.update_image,
                                      image, **changes)
            after = dict(image, **changes) if check else None
        members = None
        if params.get('members') is not None:
            members = self.sync_members(image, check) if image is not None else sorted(params['members'])
            if image is None:
                self.changed = True
        shown_after = view(after if after is not None else image, keys, members)
        result = dict(changed=self.changed, image=image or {}, diff=dict(before=before, after=shown_after))
        if image is not None:
            result['id'] = image['id']
        if members is not None:
            result['members'] = members
        self.module.exit_json(**result)

    def run(self):
        self.conn = connect(self.module)
        try:
            if self.params['state'] == 'absent':
                self.absent()
            else:
                self.present()
        finally:
            self.conn.close()


def main():
    spec = connection_argument_spec(
        name=dict(type='str'),
        id=dict(type='str'),
        filename=dict(type='str'),
        disk_format=dict(type='str', default='qcow2'),
        container_format=dict(type='str', default='bare'),
        properties=dict(type='dict', default={}),
        tags=dict(type='list', elements='str'),
        visibility=dict(type='str', choices=['public', 'private', 'shared', 'community']),
        is_public=dict(type='bool'),
        protected=dict(type='bool', aliases=['is_protected']),
        min_disk=dict(type='int'),
        min_ram=dict(type='int'),
        members=dict(type='list', elements='str'),
        state=dict(type='str', default='present', choices=['present', 'absent']),
        wait=dict(type='bool', default=True),
        timeout=dict(type='int', default=180),
        use_import=dict(type='bool', default=False),
        import_method=dict(type='str'),
        uri=dict(type='str'),
        stores=dict(type='list', elements='str'),
    )
    module = AnsibleModule(argument_spec=spec, supports_check_mode=True,
                           mutually_exclusive=[('filename', 'uri'), ('visibility', 'is_public')],
                           required_one_of=[('name', 'id')])
    ImageTask(module).run()


if __name__ == '__main__':
    main()
