"""Waits, deletes and the exceptions openstacksdk users catch."""
import osimage as openstack
from osimage import exceptions
from server import Server, unique_name

def main(env):
    conn = openstack.connect(cloud="osi-demo")
    glance = Server(env, "demo")
    image = conn.image.create_image(unique_name("waits"), disk_format="raw", container_format="bare")
    try:
        assert conn.image.wait_for_status(image, "queued", wait=10).id == image.id
        try:
            conn.image.wait_for_status(image, "active", interval=0.1, wait=0.3)
            raise AssertionError("no timeout")
        except exceptions.ResourceTimeout:
            pass
        try:
            conn.image.wait_for_status(image, "active", failures=["queued"], wait=10)
            raise AssertionError("no failure")
        except exceptions.ResourceFailure:
            pass
        assert conn.image.find_image(image.name).id == image.id
        assert conn.image.find_image(unique_name("absent")) is None
        try:
            conn.image.find_image(unique_name("absent"), ignore_missing=False)
            raise AssertionError("no ResourceNotFound")
        except exceptions.ResourceNotFound:
            pass
        try:
            conn.image.upload_image(image, b"x", validate_checksum=False)
            conn.image.upload_image(image, b"y")
            raise AssertionError("a second upload succeeded")
        except exceptions.ConflictException as error:
            assert isinstance(error, exceptions.HttpException) and error.status_code == 409
        try:
            conn.image.add_member(image, member_id=env["OSI_ALT_PROJECT_ID"])
            conn.image.add_member(image, member_id=env["OSI_ALT_PROJECT_ID"])
            raise AssertionError("a second add_member succeeded")
        except exceptions.ConflictException:
            pass
        try:
            conn.image.get_image("not-an-image-id")
            raise AssertionError("no error")
        except exceptions.NotFoundException as error:
            assert error.status_code == 404 and error.request_id
        except exceptions.BadRequestException as error:
            assert error.status_code == 400
        conn.image.delete_image(image)
        gone = conn.image.wait_for_delete(image, interval=0.2, wait=30)
        assert gone.id == image.id and glance.status_of("/v2/images/" + image.id) == 404
        conn.image.delete_image(image)  # ignore_missing=True: no error
        try:
            conn.image.delete_image(image, ignore_missing=False)
            raise AssertionError("no error for a missing image")
        except exceptions.ResourceNotFound as error:
            assert isinstance(error, exceptions.SDKException) and isinstance(error, openstack.NotFoundError)
    finally:
        glance.delete(image.id)
        conn.close()
