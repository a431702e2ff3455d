"""Sharing with another project, which accepts; remove_member with only the member record."""
import osimage as openstack
from osimage import exceptions
from server import Server, pattern, unique_name

def main(env):
    demo = openstack.connect(cloud="osi-demo")
    alt = openstack.connect(cloud="osi-alt")
    glance_alt = Server(env, "alt")
    alt_project = env["OSI_ALT_PROJECT_ID"]
    data = pattern(50_000)
    image = demo.image.create_image(unique_name("shared"), data=data, disk_format="raw", container_format="bare",
                                    visibility="shared", wait=True)
    try:
        member = demo.image.add_member(image, member_id=alt_project)
        assert member.member_id == alt_project and member.status == "pending" and member.image_id == image.id
        accepted = alt.image.update_member(member, image, status="accepted")
        assert accepted.status == "accepted"
        assert image.id in [each.id for each in alt.image.images(member_status="accepted")]
        assert alt.image.download_image(image) == data
        assert glance_alt.data(image.id) == data
        assert demo.image.get_member(alt_project, image).status == "accepted"
        assert demo.image.find_member(alt_project, image).member_id == alt_project
        assert [each.member_id for each in demo.image.members(image)] == [alt_project]
        demo.image.remove_member(member)  # the record carries its image_id
        assert list(demo.image.members(image)) == []
        assert glance_alt.status_of("/v2/images/" + image.id) == 404
        try:
            alt.image.get_image(image.id)
            raise AssertionError("the image is still visible to the other project")
        except exceptions.ResourceNotFound as error:
            assert error.status_code == 404
        assert demo.image.find_member(alt_project, image) is None
    finally:
        demo.image.delete_image(image)
        demo.close()
        alt.close()
