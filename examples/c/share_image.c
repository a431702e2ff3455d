/*
 * share_image - shares an image with another project: makes a private image "shared" and
 * adds the project as a member; the project then accepts it with
 * osi_update_member(..., "accepted").
 *
 *   share_image CLOUD IMAGE PROJECT_ID     IMAGE is a name or an id
 *
 * Build: cc share_image.c $(pkg-config --cflags --libs osimage) -o share_image
 */
#include <stdio.h>
#include <string.h>
#include <osimage.h>

int main(int argc, char **argv)
{
    osi_conn *conn = NULL;
    osi_error *err = NULL;
    json_t *image = NULL, *member = NULL;
    if (argc != 4) {
        fprintf(stderr, "usage: share_image CLOUD IMAGE PROJECT_ID\n");
        return 2;
    }

    json_t *options = json_pack("{s:s}", "cloud", argv[1]);
    osi_status rc = osi_conn_open(options, &conn, &err);
    json_decref(options);
    if (rc == OSI_OK)
        rc = osi_find_image(conn, argv[2], 0, &image, &err);
    if (rc == OSI_OK && strcmp(json_string_value(json_object_get(image, "visibility")), "private") == 0) {
        json_t *changes = json_pack("{s:s}", "visibility", "shared"), *updated = NULL;
        rc = osi_update_image(conn, json_string_value(json_object_get(image, "id")), changes, &updated, &err);
        json_decref(changes);
        json_decref(updated);
    }
    if (rc == OSI_OK)
        rc = osi_add_member(conn, json_string_value(json_object_get(image, "id")), argv[3], &member, &err);
    if (rc == OSI_OK)
        printf("image %s shared with project %s: member status %s\n",
               json_string_value(json_object_get(image, "id")), argv[3],
               json_string_value(json_object_get(member, "status")));
    else
        fprintf(stderr, "share_image: %s: %s\n", osi_status_str(rc), osi_error_message(err));
    json_decref(member);
    json_decref(image);
    osi_error_free(err);
    osi_conn_free(conn);
    return rc == OSI_OK ? 0 : 1;
}
