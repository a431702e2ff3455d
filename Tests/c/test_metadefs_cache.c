/*
 * test_metadefs_cache.c - the C API of metadata definitions, the image cache, image locations
 * and quota usage against the keystone stack (scripts/test sets OSI_TEST_KEYSTONE_CLOUDS,
 * OSI_TEST_KEYSTONE_WEB_DIR and OSI_TEST_KEYSTONE_WEB_URL): admin manages a namespace of its
 * own with objects, properties, tags and an association; demo reads the standard namespaces
 * (loaded by scripts/stack) in pages and is refused every write and the cache; a queued image
 * gets an http location. Every function is also called with NULL arguments.
 */
#include <string.h>
#include <time.h>

#include "check.h"
#include "support.h"

/* Counts the items of an iterator whose `key` equals `value` (NULL: any), via drain(). */
struct match {
    const char *key, *value;
    int found;
};

static void count_match(const json_t *item, void *userdata)
{
    struct match *match = userdata;
    const char *got = json_string_value(json_object_get(item, match->key));
    if (match->value == NULL || (got != NULL && strcmp(got, match->value) == 0))
        match->found++;
}

static int count_named(osi_iter *iter, const char *key, const char *value, int *total)
{
    struct match match = {key, value, 0};
    int count = drain(iter, count_match, &match);
    if (total != NULL)
        *total = count;
    return match.found;
}

/* A JSON string member of `value`, "" when missing; `value` is released. */
static void take_string(json_t *value, const char *key, char *out, size_t size)
{
    const char *text = json_string_value(json_object_get(value, key));
    snprintf(out, size, "%s", text ? text : "");
    json_decref(value);
}

static void test_null_and_malformed_arguments_are_refused(void)
{
    osi_error *err = NULL;
    json_t *value = NULL;
    osi_iter *iter = NULL;
    json_t *object = json_object();
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_create_metadef_namespace(NULL, object, &value, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_metadef_namespaces(NULL, NULL, &iter, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_get_metadef_tag_schema(NULL, &value, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_get_image_cache(NULL, &value, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_clean_cache(NULL, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_get_usage_info(NULL, &value, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_image_locations(NULL, "x", &iter, &err), err);

    osi_conn *conn = noauth();
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_create_metadef_namespace(conn, NULL, &value, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_create_metadef_namespace(conn, object, NULL, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_create_metadef_namespace(conn, object, &value, &err), err); /* no "namespace" */
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_get_metadef_namespace(conn, NULL, &value, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_get_metadef_namespace(conn, "a/b", &value, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_get_metadef_object(conn, "ns", "\r\n", &value, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_metadef_objects(conn, "ns", NULL, NULL, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_update_metadef_property(conn, "ns", "p", NULL, &value, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_delete_metadef_property(conn, "ns", NULL, 1, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_set_metadef_tags(conn, "ns", object, 0, NULL, &err), err); /* not an array */
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_update_metadef_tag(conn, "ns", "t", NULL, &value, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_clear_cache(conn, "everything", &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_add_image_location(conn, "id", "", NULL, &err), err);
    json_t *bad_data = json_array();
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_add_image_location(conn, "id", "http://x/y", bad_data, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_cached_image_nodes(conn, "..", &value, &err), err);
    json_decref(bad_data);
    json_t *bad_query = json_pack("{s:s}", "colour", "red");
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_metadef_namespaces(conn, bad_query, &iter, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_metadef_tags(conn, "ns", bad_query, &iter, &err), err);
    json_decref(bad_query);
    CHECK(value == NULL && iter == NULL);
    json_decref(object);
    osi_conn_free(conn);
}

static void test_demo_reads_the_standard_namespaces_in_pages(void)
{
    osi_conn *demo = open_cloud("osi-demo");
    osi_error *err = NULL;
    osi_iter *iter = NULL;
    json_t *value = NULL;
    int total = 0;

    json_t *query = json_pack("{s:i}", "limit", 4);
    CHECK_STATUS(OSI_OK, osi_metadef_namespaces(demo, query, &iter, &err), err);
    CHECK(count_named(iter, "namespace", "OS::Compute::Libvirt", &total) == 1);
    CHECK(total >= 30);
    json_decref(query);

    CHECK_STATUS(OSI_OK, osi_get_metadef_namespace(demo, "OS::Compute::Libvirt", &value, &err), err);
    CHECK(json_object_size(json_object_get(value, "properties")) > 0);
    json_decref(value);
    CHECK_STATUS(OSI_NOT_FOUND, osi_get_metadef_namespace(demo, "osi-no-such-namespace", &value, &err), err);

    CHECK_STATUS(OSI_OK, osi_metadef_properties(demo, "OS::Compute::Libvirt", NULL, &iter, &err), err);
    CHECK(count_named(iter, "name", "boot_menu", &total) == 1);
    CHECK(total > 1);
    CHECK_STATUS(OSI_OK, osi_get_metadef_property(demo, "OS::Compute::Libvirt", "boot_menu", &value, &err), err);
    CHECK_STR("boot_menu", json_string_value(json_object_get(value, "name")));
    json_decref(value);

    CHECK_STATUS(OSI_OK, osi_metadef_resource_types(demo, NULL, &iter, &err), err);
    CHECK(count_named(iter, "name", "OS::Glance::Image", NULL) == 1);
    CHECK_STATUS(OSI_OK, osi_metadef_resource_type_associations(demo, "OS::Compute::Libvirt", NULL, &iter, &err), err);
    CHECK(count_named(iter, "prefix", "hw_", NULL) >= 1);

    static const struct {
        osi_status (*get)(osi_conn *, json_t **, osi_error **);
        const char *name;
    } schemas[] = {
        {osi_get_metadef_namespace_schema, "namespace"}, {osi_get_metadef_namespaces_schema, "namespaces"},
        {osi_get_metadef_resource_type_schema, "resource_type_association"},
        {osi_get_metadef_resource_types_schema, "resource_type_associations"},
        {osi_get_metadef_object_schema, "object"}, {osi_get_metadef_objects_schema, "objects"},
        {osi_get_metadef_property_schema, "property"}, {osi_get_metadef_properties_schema, "properties"},
        {osi_get_metadef_tag_schema, "tag"}, {osi_get_metadef_tags_schema, "tags"},
    };
    for (size_t i = 0; i < sizeof schemas / sizeof schemas[0]; i++) {
        CHECK_STATUS(OSI_OK, schemas[i].get(demo, &value, &err), err);
        CHECK_STR(schemas[i].name, json_string_value(json_object_get(value, "name")));
        json_decref(value);
    }

    /* Writing is for admins. */
    json_t *attrs = json_pack("{s:s, s:s, s:s}", "name", "osi_x", "title", "x", "type", "string");
    CHECK_STATUS(OSI_FORBIDDEN, osi_create_metadef_property(demo, "OS::Compute::Libvirt", attrs, &value, &err), err);
    json_t *object = json_pack("{s:s}", "name", "osi_x");
    CHECK_STATUS(OSI_FORBIDDEN, osi_create_metadef_object(demo, "OS::Compute::Libvirt", object, &value, &err), err);
    json_decref(object);
    CHECK_STATUS(OSI_FORBIDDEN, osi_delete_all_metadef_objects(demo, "OS::Compute::Libvirt", &err), err);
    CHECK_STATUS(OSI_FORBIDDEN, osi_add_tag_to_metadef_namespace(demo, "OS::Compute::Libvirt", "osi-x", &err), err);
    CHECK_STATUS(OSI_FORBIDDEN, osi_remove_tags_from_metadef_namespace(demo, "OS::Compute::Libvirt", &err), err);
    CHECK_STATUS(OSI_FORBIDDEN, osi_delete_metadef_namespace(demo, "OS::Compute::Libvirt", 0, &err), err);
    json_decref(attrs);
    attrs = json_pack("{s:s}", "namespace", "osi-c-forbidden");
    CHECK_STATUS(OSI_FORBIDDEN, osi_create_metadef_namespace(demo, attrs, &value, &err), err);
    json_decref(attrs);
    CHECK(value == NULL);

    CHECK_STATUS(OSI_OK, osi_get_usage_info(demo, &value, &err), err);
    CHECK(json_is_object(json_object_get(value, "usage")));
    json_decref(value);
    osi_conn_free(demo);
}

static void test_admin_manages_a_namespace(void)
{
    osi_conn *admin = open_cloud("osi-admin");
    osi_error *err = NULL;
    osi_iter *iter = NULL;
    json_t *value = NULL;
    char ns[96], text[128];
    int total = 0;
    unique_name(ns, sizeof ns, "ns");

    json_t *attrs = json_pack("{s:s, s:s}", "namespace", ns, "visibility", "public");
    CHECK_STATUS(OSI_OK, osi_create_metadef_namespace(admin, attrs, &value, &err), err);
    take_string(value, "namespace", text, sizeof text);
    CHECK_STR(ns, text);
    CHECK_STATUS(OSI_CONFLICT, osi_create_metadef_namespace(admin, attrs, &value, &err), err);
    json_decref(attrs);
    attrs = json_pack("{s:s, s:s}", "description", "changed", "visibility", "public");
    CHECK_STATUS(OSI_OK, osi_update_metadef_namespace(admin, ns, attrs, &value, &err), err);
    take_string(value, "description", text, sizeof text);
    CHECK_STR("changed", text);
    json_decref(attrs);

    /* Objects. */
    attrs = json_pack("{s:s}", "name", "obj-a");
    CHECK_STATUS(OSI_OK, osi_create_metadef_object(admin, ns, attrs, &value, &err), err);
    json_decref(value);
    json_decref(attrs);
    attrs = json_pack("{s:s}", "description", "d");
    CHECK_STATUS(OSI_OK, osi_update_metadef_object(admin, ns, "obj-a", attrs, &value, &err), err);
    json_decref(value);
    json_decref(attrs);
    CHECK_STATUS(OSI_OK, osi_get_metadef_object(admin, ns, "obj-a", &value, &err), err);
    take_string(value, "description", text, sizeof text);
    CHECK_STR("d", text);
    CHECK_STATUS(OSI_OK, osi_metadef_objects(admin, ns, NULL, &iter, &err), err);
    CHECK(count_named(iter, "name", "obj-a", NULL) == 1);
    CHECK_STATUS(OSI_OK, osi_delete_metadef_object(admin, ns, "obj-a", 0, &err), err);
    CHECK_STATUS(OSI_OK, osi_delete_metadef_object(admin, ns, "obj-a", 1, &err), err);
    CHECK_STATUS(OSI_NOT_FOUND, osi_delete_metadef_object(admin, ns, "obj-a", 0, &err), err);
    CHECK_STATUS(OSI_OK, osi_delete_all_metadef_objects(admin, ns, &err), err);

    /* Properties. */
    attrs = json_pack("{s:s, s:s, s:s}", "name", "cores", "title", "Cores", "type", "integer");
    CHECK_STATUS(OSI_OK, osi_create_metadef_property(admin, ns, attrs, &value, &err), err);
    json_decref(value);
    json_decref(attrs);
    attrs = json_pack("{s:s, s:s}", "title", "CPU cores", "type", "integer");
    CHECK_STATUS(OSI_OK, osi_update_metadef_property(admin, ns, "cores", attrs, &value, &err), err);
    json_decref(value);
    json_decref(attrs);
    json_t *query = json_pack("{s:s}", "type", "integer");
    CHECK_STATUS(OSI_OK, osi_metadef_properties(admin, ns, query, &iter, &err), err);
    CHECK(count_named(iter, "title", "CPU cores", NULL) == 1);
    json_decref(query);
    CHECK_STATUS(OSI_OK, osi_delete_metadef_property(admin, ns, "cores", 0, &err), err);
    CHECK_STATUS(OSI_OK, osi_delete_metadef_property(admin, ns, "cores", 1, &err), err);
    CHECK_STATUS(OSI_OK, osi_delete_all_metadef_properties(admin, ns, &err), err);

    /* A resource type association. */
    attrs = json_pack("{s:s, s:s}", "name", "OS::Glance::Image", "prefix", "osi_");
    CHECK_STATUS(OSI_OK, osi_create_metadef_resource_type_association(admin, ns, attrs, &value, &err), err);
    json_decref(value);
    json_decref(attrs);
    CHECK_STATUS(OSI_OK, osi_metadef_resource_type_associations(admin, ns, NULL, &iter, &err), err);
    CHECK(count_named(iter, "prefix", "osi_", NULL) == 1);
    CHECK_STATUS(OSI_OK, osi_delete_metadef_resource_type_association(admin, ns, "OS::Glance::Image", 0, &err), err);
    CHECK_STATUS(OSI_OK, osi_delete_metadef_resource_type_association(admin, ns, "OS::Glance::Image", 1, &err), err);
    CHECK_STATUS(OSI_NOT_FOUND, osi_delete_metadef_resource_type_association(admin, ns, "OS::Glance::Image", 0, &err), err);

    /* Tags. */
    CHECK_STATUS(OSI_OK, osi_add_tag_to_metadef_namespace(admin, ns, "one", &err), err);
    CHECK_STATUS(OSI_OK, osi_create_metadef_tag(admin, ns, "two", &value, &err), err);
    json_decref(value);
    CHECK_STATUS(OSI_OK, osi_update_metadef_tag(admin, ns, "two", "three", &value, &err), err);
    take_string(value, "name", text, sizeof text);
    CHECK_STR("three", text);
    CHECK_STATUS(OSI_OK, osi_get_metadef_tag(admin, ns, "three", &value, &err), err);
    json_decref(value);
    json_t *tags = json_pack("[s,s,s]", "a", "b", "c");
    CHECK_STATUS(OSI_OK, osi_set_metadef_tags(admin, ns, tags, 1, &value, &err), err);
    CHECK(json_array_size(value) >= 3);
    json_decref(value);
    json_decref(tags);
    query = json_pack("{s:i}", "limit", 2);
    CHECK_STATUS(OSI_OK, osi_metadef_tags(admin, ns, query, &iter, &err), err);
    CHECK(count_named(iter, "name", NULL, &total) == 5); /* one, three, a, b, c: three pages */
    json_decref(query);
    CHECK_STATUS(OSI_OK, osi_remove_tag_from_metadef_namespace(admin, ns, "one", &err), err);
    CHECK_STATUS(OSI_NOT_FOUND, osi_remove_tag_from_metadef_namespace(admin, ns, "one", &err), err);
    CHECK_STATUS(OSI_OK, osi_delete_metadef_tag(admin, ns, "three", &err), err);
    tags = json_pack("[s]", "only");
    CHECK_STATUS(OSI_OK, osi_set_metadef_tags(admin, ns, tags, 0, NULL, &err), err);
    json_decref(tags);
    CHECK_STATUS(OSI_OK, osi_metadef_tags(admin, ns, NULL, &iter, &err), err);
    CHECK(count_named(iter, "name", "only", &total) == 1 && total == 1);
    CHECK_STATUS(OSI_OK, osi_remove_tags_from_metadef_namespace(admin, ns, &err), err);
    CHECK_STATUS(OSI_OK, osi_metadef_tags(admin, ns, NULL, &iter, &err), err);
    CHECK(drain(iter, NULL, NULL) == 0);

    CHECK_STATUS(OSI_OK, osi_delete_metadef_namespace(admin, ns, 0, &err), err);
    CHECK_STATUS(OSI_OK, osi_delete_metadef_namespace(admin, ns, 1, &err), err);
    CHECK_STATUS(OSI_NOT_FOUND, osi_delete_metadef_namespace(admin, ns, 0, &err), err);
    osi_conn_free(admin);
}

/* An active image of `size` bytes owned by conn's project, uploaded from the web server by
 * a location: exercises osi_add_image_location. Its id goes to `id`. */
static void located_image(osi_conn *conn, const char *url, char *id, size_t size)
{
    osi_error *err = NULL;
    json_t *image = NULL;
    char name[96];
    unique_name(name, sizeof name, "located");
    json_t *options = json_pack("{s:s, s:s}", "disk_format", "raw", "container_format", "bare");
    CHECK_STATUS(OSI_OK, osi_create_image(conn, name, options, NULL, NULL, NULL, &image, &err), err);
    json_decref(options);
    take_string(image, "id", id, size);
    CHECK_STATUS(OSI_OK, osi_add_image_location(conn, id, url, NULL, &err), err);
    CHECK_STATUS(OSI_CONFLICT, osi_add_image_location(conn, id, url, NULL, &err), err);
    json_t *wait = json_pack("{s:f, s:f}", "timeout", 30.0, "interval", 0.2);
    CHECK_STATUS(OSI_OK, osi_wait_for_image(conn, id, "active", wait, NULL, NULL, &image, &err), err);
    json_decref(wait);
    json_decref(image);
}

static void test_locations_and_the_cache(void)
{
    osi_conn *admin = open_cloud("osi-admin");
    osi_conn *demo = open_cloud("osi-demo");
    osi_error *err = NULL;
    osi_iter *iter = NULL;
    json_t *value = NULL;
    char url[512], path[512], id[64];
    web_file("OSI_TEST_KEYSTONE_WEB_DIR", "OSI_TEST_KEYSTONE_WEB_URL", 30000, url, sizeof url, path, sizeof path);
    located_image(demo, url, id, sizeof id);

    CHECK_STATUS(OSI_OK, osi_image_locations(admin, id, &iter, &err), err);
    CHECK(count_named(iter, "url", url, NULL) == 1);
    CHECK_STATUS(OSI_OK, osi_image_locations(demo, id, &iter, &err), err);
    CHECK_STATUS(OSI_FORBIDDEN, osi_iter_next(iter, &value, &err), err);
    osi_iter_free(iter);

    /* The cache: admin queues the image, Glance caches it in the background. */
    CHECK_STATUS(OSI_OK, osi_queue_image(admin, id, &err), err);
    int cached = 0;
    for (int i = 0; i < 100 && !cached; i++) {
        CHECK_STATUS(OSI_OK, osi_get_image_cache(admin, &value, &err), err);
        size_t index;
        json_t *entry;
        json_array_foreach(json_object_get(value, "cached_images"), index, entry) {
            const char *cached_id = json_string_value(json_object_get(entry, "image_id"));
            cached |= cached_id != NULL && strcmp(cached_id, id) == 0;
        }
        json_decref(value);
        if (!cached)
            nanosleep(&(struct timespec){.tv_sec = 0, .tv_nsec = 200000000}, NULL);
    }
    CHECK(cached);
    CHECK_STATUS(OSI_OK, osi_cached_image_nodes(admin, id, &value, &err), err);
    CHECK(json_array_size(value) == 1);
    json_decref(value);
    CHECK_STATUS(OSI_OK, osi_cache_delete_image(admin, id, 0, &err), err);
    CHECK_STATUS(OSI_OK, osi_cache_delete_image(admin, "00000000-0000-4000-8000-000000000000", 1, &err), err);
    CHECK_STATUS(OSI_NOT_FOUND, osi_cache_delete_image(admin, "00000000-0000-4000-8000-000000000000", 0, &err), err);
    CHECK_STATUS(OSI_OK, osi_clear_cache(admin, "queue", &err), err);
    CHECK_STATUS(OSI_OK, osi_clear_cache(admin, NULL, &err), err);
    CHECK_STATUS(OSI_OK, osi_clean_cache(admin, &err), err);
    CHECK_STATUS(OSI_OK, osi_prune_cache(admin, &value, &err), err);
    CHECK(json_is_integer(json_object_get(value, "total_bytes_pruned")));
    json_decref(value);

    CHECK_STATUS(OSI_FORBIDDEN, osi_get_image_cache(demo, &value, &err), err);
    CHECK_STATUS(OSI_FORBIDDEN, osi_queue_image(demo, id, &err), err);
    CHECK_STATUS(OSI_FORBIDDEN, osi_cache_delete_image(demo, id, 1, &err), err);
    CHECK_STATUS(OSI_FORBIDDEN, osi_clear_cache(demo, "cache", &err), err);
    CHECK_STATUS(OSI_FORBIDDEN, osi_cached_image_nodes(demo, id, &value, &err), err);
    CHECK_STATUS(OSI_FORBIDDEN, osi_clean_cache(demo, &err), err);
    CHECK_STATUS(OSI_FORBIDDEN, osi_prune_cache(demo, &value, &err), err);
    CHECK(value == NULL);

    CHECK_STATUS(OSI_OK, osi_delete_image(demo, id, 1, NULL, &err), err);
    unlink(path);
    osi_conn_free(demo);
    osi_conn_free(admin);
}

int main(void)
{
    static const struct check_test tests[] = {
        {"null_and_malformed_arguments_are_refused", test_null_and_malformed_arguments_are_refused},
        {"demo_reads_the_standard_namespaces_in_pages", test_demo_reads_the_standard_namespaces_in_pages},
        {"admin_manages_a_namespace", test_admin_manages_a_namespace},
        {"locations_and_the_cache", test_locations_and_the_cache},
        {NULL, NULL},
    };
    return run_tests("metadefs_cache", tests);
}
