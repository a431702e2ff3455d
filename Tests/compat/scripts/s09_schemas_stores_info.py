"""Schemas, stores and import info, compared with what the server says."""
import osimage as openstack
from server import Server

def main(env):
    conn = openstack.connect(cloud="osi-demo")
    glance = Server(env, "demo")
    try:
        for getter, kind in [(conn.image.get_image_schema, "image"), (conn.image.get_images_schema, "images"),
                             (conn.image.get_member_schema, "member"), (conn.image.get_members_schema, "members"),
                             (conn.image.get_task_schema, "task"), (conn.image.get_tasks_schema, "tasks")]:
            schema = getter()
            assert schema.name == kind and dict(schema) == glance.request("GET", "/v2/schemas/" + kind)
        image_schema = conn.image.get_image_schema()
        assert image_schema.additional_properties == image_schema["additionalProperties"]
        stores = list(conn.image.stores())
        server_stores = glance.request("GET", "/v2/info/stores")["stores"]
        assert [store.id for store in stores] == [store["id"] for store in server_stores]
        defaults = [store.id for store in stores if store.is_default]
        assert defaults == [store["id"] for store in server_stores if store.get("default")]
        assert [store.id for store in conn.image.stores(id=stores[0].id)] == [stores[0].id]
        info = conn.image.get_import_info()
        assert info.import_methods == glance.request("GET", "/v2/info/import")["import-methods"]
    finally:
        conn.close()
