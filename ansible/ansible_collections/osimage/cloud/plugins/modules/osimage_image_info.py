#!/usr/bin/python
# Copyright: osimage developers
# Apache License 2.0

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: osimage_image_info
short_description: OpenStack images, over osimage
description:
  - Lists images by name or id, or by Glance filters; optionally with their members.
version_added: 0.1.0
options:
  image:
    description: A name or id; the result then holds at most one image.
    type: str
    aliases: [name, id]
  filters:
    description: Glance list filters (status, visibility, tag, owner, any property...).
    type: dict
    default: {}
  members:
    description: Add each image's members (project id and status) as C(members).
    type: bool
    default: false
extends_documentation_fragment:
  - osimage.cloud.osimage
author: osimage developers
'''

EXAMPLES = r'''
- osimage.cloud.osimage_image_info:
    cloud: mycloud
    image: debian-12
    members: true
  register: found
'''

RETURN = r'''
images:
  description: The images found (each with C(members) when asked).
  returned: always
  type: list
  elements: dict
'''

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.osimage.cloud.plugins.module_utils.osimage_cloud import (
    connect, connection_argument_spec, fail, osimage)


def main():
    module = AnsibleModule(argument_spec=connection_argument_spec(
        image=dict(type='str', aliases=['name', 'id']),
        filters=dict(type='dict', default={}),
        members=dict(type='bool', default=False),
    ), supports_check_mode=True)
    conn = connect(module)
    try:
        if module.params.get('image'):
            found = conn.find_image(module.params['image'], True)
            images = [found] if found is not None else []
        else:
            images = list(conn.images(**module.params['filters']))
        if module.params['members']:
            for image in images:
                image['members'] = [dict(member_id=member['member_id'], status=member['status'])
                                    for member in conn.members(image)]
    except osimage.OsimageError as error:
        fail(module, 'Could not list images', error)
    finally:
        conn.close()
    module.exit_json(changed=False, images=images)


if __name__ == '__main__':
    main()
