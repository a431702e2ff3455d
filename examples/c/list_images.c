/*
 * list_images - prints the images a cloud's image service shows, one line each.
 *
 *   list_images [CLOUD]     CLOUD names an entry of clouds.yaml; without it the
 *                           OS_CLOUD or OS_AUTH_URL/OS_USERNAME/... variables are used.
 *
 * Build: cc list_images.c $(pkg-config --cflags --libs osimage) -o list_images
 */
#include <stdio.h>
#include <osimage.h>

/* Prints a failed call's status and message, frees the error, returns 1. */
static int fail(const char *what, osi_status rc, osi_error *err)
{
    fprintf(stderr, "%s: %s: %s\n", what, osi_status_str(rc), err ? osi_error_message(err) : "");
    osi_error_free(err);
    return 1;
}

int main(int argc, char **argv)
{
    osi_conn *conn = NULL;
    osi_iter *images = NULL;
    osi_error *err = NULL;
    osi_status rc;
    json_t *image;
    int count = 0;

    if (argc > 1) {
        json_t *options = json_pack("{s:s}", "cloud", argv[1]);
        rc = osi_conn_open(options, &conn, &err);
        json_decref(options);
    } else {
        rc = osi_conn_open_env(&conn, &err);
    }
    if (rc != OSI_OK)
        return fail("connect", rc, err);

    json_t *query = json_pack("{s:s}", "sort", "name:asc");
    rc = osi_images(conn, query, &images, &err);
    json_decref(query);
    if (rc != OSI_OK) {
        osi_conn_free(conn);
        return fail("list images", rc, err);
    }

    printf("%-36s  %-11s %12s  %s\n", "ID", "STATUS", "SIZE", "NAME");
    while ((rc = osi_iter_next(images, &image, &err)) == OSI_OK && image != NULL) {
        json_t *size = json_object_get(image, "size");
        printf("%-36s  %-11s %12lld  %s\n",
               json_string_value(json_object_get(image, "id")),
               json_string_value(json_object_get(image, "status")),
               json_is_integer(size) ? (long long)json_integer_value(size) : -1LL,
               json_string_value(json_object_get(image, "name")) ? json_string_value(json_object_get(image, "name")) : "");
        json_decref(image);
        count++;
    }
    osi_iter_free(images);
    osi_conn_free(conn);
    if (rc != OSI_OK)
        return fail("list images", rc, err);
    printf("%d image%s\n", count, count == 1 ? "" : "s");
    return 0;
}
