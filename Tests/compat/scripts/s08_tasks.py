"""Glance tasks as admin: create_task, wait_for_task, tasks(), get_task, schemas."""
import os

import osimage as openstack
from server import Server, pattern, unique_name, web_file

def main(env):
    admin = openstack.connect(cloud="osi-admin")
    glance = Server(env, "admin")
    url, path = web_file(env, pattern(100_000))
    image_id = None
    try:
        task = admin.image.create_task(type="import", input={
            "import_from": url, "import_from_format": "raw",
            "image_properties": {"name": unique_name("task"), "disk_format": "raw", "container_format": "bare"}})
        assert task.status == "pending" and task.type == "import"
        done = admin.image.wait_for_task(task, status="success", failures=["failure"], interval=0.5, wait=120)
        image_id = done.result["image_id"]
        assert done.status == "success" and done.owner_id == glance.request("GET", "/v2/tasks/" + task.id)["owner"]
        assert admin.image.get_task(task.id).status == "success"
        assert task.id in [each.id for each in admin.image.tasks(type="import", sort_dir="desc")]
        assert glance.image(image_id)["size"] == 100_000
        schema = admin.image.get_task_schema()
        assert schema.name == "task" and "status" in schema.properties
        assert admin.image.get_tasks_schema().name == "tasks"
    finally:
        os.unlink(path)
        if image_id:
            admin.image.delete_image(image_id)
        admin.close()
