/*
 * test_members_tasks.c - the C API of members and tasks against the keystone stack with real
 * projects (scripts/test sets OSI_TEST_KEYSTONE_CLOUDS, OSI_TEST_KEYSTONE_WEB_DIR and
 * OSI_TEST_KEYSTONE_WEB_URL): demo shares an image with alt, alt accepts and sees it, demo
 * stops sharing; the tasks API imports from the stack's web server. Bad input of every kind.
 *
 * Images are made with osi_create_task (admin) and handed to demo with osi_update_image, so
 * this file needs nothing from the data path.
 */
#include "check.h"
#include "support.h"

/* The project id of a connection's token, copied into `out`. */
static void project_id(osi_conn *conn, char *out, size_t size)
{
    json_t *info = NULL;
    osi_error *err = NULL;
    out[0] = '\0';
    CHECK_STATUS(OSI_OK, osi_conn_info(conn, &info, &err), err);
    const char *id = json_string_value(json_object_get(info, "project_id"));
    CHECK(id != NULL);
    snprintf(out, size, "%s", id ? id : "");
    json_decref(info);
}

/* A task body importing `url` into a new raw image named `name`. */
static json_t *import_task(const char *url, const char *name)
{
    return json_pack("{s:s, s:{s:s, s:s, s:{s:s, s:s, s:s}}}", "type", "import", "input", "import_from", url,
                     "import_from_format", "raw", "image_properties", "name", name, "disk_format", "raw",
                     "container_format", "bare");
}

struct polls {
    int count;
    int stop_after; /* 0: never stop */
};

static int count_polls(const json_t *task, void *userdata)
{
    struct polls *polls = userdata;
    polls->count++;
    CHECK(json_string_value(json_object_get(task, "status")) != NULL);
    return polls->stop_after > 0 && polls->count >= polls->stop_after;
}

/* An active image imported by an admin task, then given to `owner_project`; its id (free()). */
static char *image_for(osi_conn *admin, const char *owner_project, const char *prefix)
{
    char name[96], url[512], path[512];
    osi_error *err = NULL;
    json_t *task = NULL, *image = NULL;
    char *id = NULL;
    unique_name(name, sizeof name, prefix);
    web_file("OSI_TEST_KEYSTONE_WEB_DIR", "OSI_TEST_KEYSTONE_WEB_URL", 8192, url, sizeof url, path, sizeof path);
    json_t *body = import_task(url, name);
    CHECK_STATUS(OSI_OK, osi_create_task(admin, body, &task, &err), err);
    json_decref(body);
    const char *task_id = json_string_value(json_object_get(task, "id"));
    json_t *done = NULL;
    if (task_id != NULL)
        CHECK_STATUS(OSI_OK, wait_task(admin, task_id, NULL, NULL, 0.2, 120, NULL, NULL, &done, &err), err);
    const char *image_id = json_string_value(json_object_get(json_object_get(done, "result"), "image_id"));
    if (image_id != NULL) {
        id = strdup(image_id);
        CHECK_STATUS(OSI_OK, wait_image(admin, id, "active", 60, 0.2, NULL, NULL, NULL, &err), err);
        json_t *changes = json_pack("{s:s, s:s}", "owner", owner_project, "visibility", "shared");
        CHECK_STATUS(OSI_OK, osi_update_image(admin, id, changes, &image, &err), err);
        CHECK_STR(owner_project, json_string_value(json_object_get(image, "owner")));
        json_decref(changes);
        json_decref(image);
    }
    CHECK(id != NULL);
    json_decref(task);
    json_decref(done);
    unlink(path);
    return id;
}

struct search {
    const char *id;
    int found;
};

static void find_id(const json_t *item, void *userdata)
{
    struct search *search = userdata;
    search->found |= strcmp(json_string_value(json_object_get(item, "id")), search->id) == 0;
}

/* Whether `conn`'s image list for `query` (NULL: the default list) holds `id`. */
static int lists_image(osi_conn *conn, const json_t *query, const char *id)
{
    osi_iter *iter = NULL;
    osi_error *err = NULL;
    struct search search = {id, 0};
    CHECK_STATUS(OSI_OK, osi_images(conn, query, &iter, &err), err);
    drain(iter, find_id, &search);
    return search.found;
}

/* How many members of `id` match `query`. */
static int count_members(osi_conn *conn, const char *id, const json_t *query)
{
    osi_iter *iter = NULL;
    osi_error *err = NULL;
    CHECK_STATUS(OSI_OK, osi_members(conn, id, query, &iter, &err), err);
    return drain(iter, NULL, NULL);
}

static void test_null_and_malformed_arguments_are_refused(void)
{
    osi_conn *conn = open_cloud("osi-demo");
    osi_error *err = NULL;
    json_t *out = (json_t *)0x1;
    osi_iter *iter = (osi_iter *)0x1;
    const char *id = "00000000-0000-0000-0000-000000000000";
    const char *bad[] = {NULL, "", "a/b", "x\r\nX-Injected: 1", "\xc3\x28", "."};
    json_t *task = import_task("http://127.0.0.1/x", "x");

    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_add_member(conn, bad[i], "p", &out, &err), err);
        CHECK(out == NULL);
        CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_add_member(conn, id, bad[i], &out, &err), err);
        CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_remove_member(conn, bad[i], "p", 1, &err), err);
        CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_remove_member(conn, id, bad[i], 1, &err), err);
        CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_find_member(conn, bad[i], "p", 1, &out, &err), err);
        CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_find_member(conn, id, bad[i], 1, &out, &err), err);
        CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_get_member(conn, bad[i], "p", &out, &err), err);
        CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_get_member(conn, id, bad[i], &out, &err), err);
        CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_members(conn, bad[i], NULL, &iter, &err), err);
        CHECK(iter == NULL);
        CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_update_member(conn, bad[i], "p", "accepted", &out, &err), err);
        CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_update_member(conn, id, bad[i], "accepted", &out, &err), err);
        CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_get_task(conn, bad[i], &out, &err), err);
        CHECK_STATUS(OSI_INVALID_ARGUMENT, wait_task(conn, bad[i], NULL, NULL, 0.1, 1, NULL, NULL, &out, &err), err);
    }
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_update_member(conn, id, "p", NULL, &out, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_update_member(conn, id, "p", "", &out, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, wait_task(conn, id, "\xff", NULL, 0.1, 1, NULL, NULL, &out, &err), err);

    /* NULL connection and out-parameters. */
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_add_member(NULL, id, "p", &out, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_add_member(conn, id, "p", NULL, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_remove_member(NULL, id, "p", 1, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_find_member(conn, id, "p", 1, NULL, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_get_member(NULL, id, "p", &out, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_members(conn, id, NULL, NULL, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_update_member(conn, id, "p", "accepted", NULL, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_tasks(NULL, NULL, &iter, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_tasks(conn, NULL, NULL, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_get_task(conn, id, NULL, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_create_task(NULL, task, &out, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_create_task(conn, NULL, &out, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_create_task(conn, task, NULL, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, wait_task(NULL, id, NULL, NULL, 0.1, 1, NULL, NULL, &out, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, wait_task(conn, id, NULL, NULL, -1, 1, NULL, NULL, &out, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, wait_task(conn, id, NULL, NULL, 0.1, -1, NULL, NULL, &out, &err), err);

    /* Wrong JSON types. */
    const char *bad_queries[] = {"[]", "{\"state\": \"pending\"}", "{\"status\": 1}", "{\"max_items\": \"2\"}"};
    for (size_t i = 0; i < sizeof bad_queries / sizeof bad_queries[0]; i++) {
        json_t *query = json_loads(bad_queries[i], 0, NULL);
        CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_members(conn, id, query, &iter, &err), err);
        CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_tasks(conn, query, &iter, &err), err);
        json_decref(query);
    }
    const char *bad_tasks[] = {"[]", "\"import\"", "{\"type\": \"import\"}", "{\"type\": 1, \"input\": {}}",
                               "{\"type\": \"import\", \"input\": []}", "{\"type\": \"import\", \"input\": {}, \"x\": 1}"};
    for (size_t i = 0; i < sizeof bad_tasks / sizeof bad_tasks[0]; i++) {
        json_t *body = json_loads(bad_tasks[i], JSON_DECODE_ANY, NULL);
        CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_create_task(conn, body, &out, &err), err);
        CHECK(body->refcount == 1);
        json_decref(body);
    }
    json_t *failures = json_pack("[s,i]", "failure", 3);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, wait_task(conn, id, NULL, failures, 0.1, 1, NULL, NULL, &out, &err), err);
    json_decref(failures);
    failures = json_string("failure");
    CHECK_STATUS(OSI_INVALID_ARGUMENT, wait_task(conn, id, NULL, failures, 0.1, 1, NULL, NULL, &out, &err), err);
    json_decref(failures);

    json_decref(task);
    osi_conn_free(conn);
}

static void test_demo_shares_an_image_with_alt(void)
{
    osi_conn *admin = open_cloud("osi-admin"), *demo = open_cloud("osi-demo"), *alt = open_cloud("osi-alt");
    osi_error *err = NULL;
    json_t *member = NULL, *image = NULL;
    char demo_project[64], alt_project[64];
    project_id(demo, demo_project, sizeof demo_project);
    project_id(alt, alt_project, sizeof alt_project);
    char *id = image_for(admin, demo_project, "shared");
    if (id == NULL)
        goto done;
    json_t *pending = json_pack("{s:s}", "member_status", "pending");
    json_t *accepted = json_pack("{s:s}", "status", "accepted");

    CHECK(!lists_image(alt, NULL, id));
    CHECK_STATUS(OSI_NOT_FOUND, osi_get_image(alt, id, &image, &err), err);
    CHECK_STATUS(OSI_OK, osi_add_member(demo, id, alt_project, &member, &err), err);
    CHECK_STR("pending", json_string_value(json_object_get(member, "status")));
    CHECK_STR(alt_project, json_string_value(json_object_get(member, "member_id")));
    json_decref(member);

    /* Pending: alt reads the image by id, sees it only when asking for pending ones. */
    CHECK_STATUS(OSI_OK, osi_get_image(alt, id, &image, &err), err);
    json_decref(image);
    CHECK(!lists_image(alt, NULL, id));
    CHECK(lists_image(alt, pending, id));
    CHECK(count_members(demo, id, accepted) == 0);

    CHECK_STATUS(OSI_OK, osi_update_member(alt, id, alt_project, "accepted", &member, &err), err);
    CHECK_STR("accepted", json_string_value(json_object_get(member, "status")));
    json_decref(member);
    CHECK(lists_image(alt, NULL, id));
    CHECK(count_members(demo, id, accepted) == 1);
    CHECK(count_members(demo, id, NULL) == 1);
    CHECK_STATUS(OSI_OK, osi_get_member(demo, id, alt_project, &member, &err), err);
    CHECK_STR("accepted", json_string_value(json_object_get(member, "status")));
    json_decref(member);
    CHECK_STATUS(OSI_OK, osi_find_member(demo, id, alt_project, 0, &member, &err), err);
    CHECK(member != NULL);
    json_decref(member);

    /* The owner cannot answer for the member, nor add it twice. */
    CHECK_STATUS(OSI_FORBIDDEN, osi_update_member(demo, id, alt_project, "rejected", &member, &err), err);
    CHECK_STATUS(OSI_CONFLICT, osi_add_member(demo, id, alt_project, &member, &err), err);

    /* Stop sharing: alt loses the image. */
    CHECK_STATUS(OSI_OK, osi_remove_member(demo, id, alt_project, 0, &err), err);
    CHECK_STATUS(OSI_NOT_FOUND, osi_get_image(alt, id, &image, &err), err);
    CHECK(!lists_image(alt, NULL, id));
    CHECK_STATUS(OSI_OK, osi_remove_member(demo, id, alt_project, 1, &err), err);
    CHECK_STATUS(OSI_NOT_FOUND, osi_remove_member(demo, id, alt_project, 0, &err), err);
    member = (json_t *)0x1;
    CHECK_STATUS(OSI_OK, osi_find_member(demo, id, alt_project, 1, &member, &err), err);
    CHECK(member == NULL);
    CHECK_STATUS(OSI_NOT_FOUND, osi_find_member(demo, id, alt_project, 0, &member, &err), err);
    CHECK_STATUS(OSI_NOT_FOUND, osi_get_member(demo, id, alt_project, &member, &err), err);

    /* A private image cannot have members. */
    json_t *private_ = json_pack("{s:s}", "visibility", "private");
    CHECK_STATUS(OSI_OK, osi_update_image(demo, id, private_, &image, &err), err);
    json_decref(image);
    CHECK_STATUS(OSI_FORBIDDEN, osi_add_member(demo, id, alt_project, &member, &err), err);

    json_decref(private_);
    json_decref(pending);
    json_decref(accepted);
    CHECK_STATUS(OSI_OK, osi_delete_image(admin, id, 1, NULL, &err), err);
    free(id);
done:
    osi_conn_free(admin);
    osi_conn_free(demo);
    osi_conn_free(alt);
}

static void check_successful(const json_t *task, void *userdata)
{
    (void)userdata;
    CHECK_STR("success", json_string_value(json_object_get(task, "status")));
}

static void test_tasks_import_list_fail_and_time_out(void)
{
    osi_conn *admin = open_cloud("osi-admin"), *demo = open_cloud("osi-demo");
    osi_error *err = NULL;
    osi_iter *iter = NULL;
    json_t *task = NULL, *done = NULL;
    char name[96], url[512], path[512];
    struct polls polls = {0, 0};

    /* A task import from the web server succeeds. */
    unique_name(name, sizeof name, "task-ok");
    web_file("OSI_TEST_KEYSTONE_WEB_DIR", "OSI_TEST_KEYSTONE_WEB_URL", 8192, url, sizeof url, path, sizeof path);
    json_t *body = import_task(url, name);
    CHECK_STATUS(OSI_OK, osi_create_task(admin, body, &task, &err), err);
    CHECK_STR("pending", json_string_value(json_object_get(task, "status")));
    const char *task_id = json_string_value(json_object_get(task, "id"));
    CHECK_STATUS(OSI_OK, wait_task(admin, task_id, "SUCCESS", NULL, 0.2, 120, count_polls, &polls, &done, &err), err);
    CHECK(polls.count >= 1);
    CHECK_STR("success", json_string_value(json_object_get(done, "status")));
    char image_id[64] = "";
    const char *result_id = json_string_value(json_object_get(json_object_get(done, "result"), "image_id"));
    CHECK(result_id != NULL);
    snprintf(image_id, sizeof image_id, "%s", result_id ? result_id : "");
    json_decref(done);
    CHECK_STATUS(OSI_OK, osi_get_task(admin, task_id, &done, &err), err);
    CHECK_STR(task_id, json_string_value(json_object_get(done, "id")));

    /* Waiting for a status it never reaches times out with the last status; a callback stops it. */
    json_t *none = json_array();
    json_t *out = (json_t *)0x1;
    CHECK(wait_task(admin, task_id, "processing", none, 0.1, 0.4, NULL, NULL, &out, &err) == OSI_TIMEOUT);
    CHECK(out == NULL);
    CHECK(err != NULL && strstr(osi_error_message(err), "'success'") != NULL);
    osi_error_free(err);
    err = NULL;
    polls.count = 0;
    polls.stop_after = 1;
    CHECK_STATUS(OSI_ABORTED, wait_task(admin, task_id, "processing", none, 0.1, 10, count_polls, &polls, NULL, &err), err);
    CHECK(polls.count == 1);
    json_t *failures = json_pack("[s]", "Success");
    CHECK_STATUS(OSI_TASK_FAILED, wait_task(admin, task_id, "processing", failures, 0.1, 10, NULL, NULL, NULL, &err), err);
    json_decref(failures);
    json_decref(none);

    /* The list honours its query. */
    json_t *query = json_pack("{s:s, s:s, s:s, s:i}", "type", "import", "status", "success", "sort_dir", "desc", "max_items", 2);
    CHECK_STATUS(OSI_OK, osi_tasks(admin, query, &iter, &err), err);
    int count = drain(iter, check_successful, NULL);
    CHECK(count >= 1 && count <= 2);
    json_decref(query);
    if (image_id[0] != '\0')
        CHECK_STATUS(OSI_OK, osi_delete_image(admin, image_id, 1, NULL, &err), err);
    json_decref(done);
    json_decref(task);
    json_decref(body);
    unlink(path);

    /* A bad URL: the task fails and the wait says why. */
    unique_name(name, sizeof name, "task-bad");
    snprintf(url, sizeof url, "%s/%s-missing.raw", required_env("OSI_TEST_KEYSTONE_WEB_URL"), name);
    body = import_task(url, name);
    CHECK_STATUS(OSI_OK, osi_create_task(admin, body, &task, &err), err);
    task_id = json_string_value(json_object_get(task, "id"));
    CHECK(wait_task(admin, task_id, NULL, NULL, 0.2, 120, NULL, NULL, &done, &err) == OSI_TASK_FAILED);
    CHECK(done == NULL);
    CHECK(err != NULL && strstr(osi_error_message(err), "failure: ") != NULL);
    osi_error_free(err);
    err = NULL;
    json_decref(task);
    json_decref(body);

    /* Tasks are for admins. */
    CHECK_STATUS(OSI_OK, osi_tasks(demo, NULL, &iter, &err), err);
    json_t *item = NULL;
    CHECK_STATUS(OSI_FORBIDDEN, osi_iter_next(iter, &item, &err), err);
    CHECK(item == NULL);
    osi_iter_free(iter);
    body = import_task("http://127.0.0.1/x", "x");
    CHECK_STATUS(OSI_FORBIDDEN, osi_create_task(demo, body, &task, &err), err);
    json_decref(body);

    osi_conn_free(admin);
    osi_conn_free(demo);
}

int main(void)
{
    static const struct check_test tests[] = {
        {"null_and_malformed_arguments_are_refused", test_null_and_malformed_arguments_are_refused},
        {"demo_shares_an_image_with_alt", test_demo_shares_an_image_with_alt},
        {"tasks_import_list_fail_and_time_out", test_tasks_import_list_fail_and_time_out},
        {NULL, NULL},
    };
    return run_tests("members_tasks", tests);
}
