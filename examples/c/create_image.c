/*
 * create_image - creates an image from a file in one call, with upload progress, and prints
 * it. osi_create_image() takes the name from the file when none is given, makes the record,
 * uploads, waits until the image is active and deletes the record again if anything fails.
 *
 *   create_image CLOUD FILE [NAME]      NAME defaults to the file's name without extension
 *
 * Build: cc create_image.c $(pkg-config --cflags --libs osimage) -o create_image
 */
#include <stdio.h>
#include <osimage.h>

/* Prints a line at each quarter of the upload. */
static int show_progress(int64_t done, int64_t total, void *userdata)
{
    int *quarter = userdata;
    if (total > 0 && done * 4 / total > *quarter) {
        *quarter = (int)(done * 4 / total);
        fprintf(stderr, "upload: %3d%% (%lld of %lld bytes)\n", *quarter * 25, (long long)done, (long long)total);
    }
    return 0;
}

int main(int argc, char **argv)
{
    osi_conn *conn = NULL;
    osi_error *err = NULL;
    json_t *image = NULL;
    int quarter = 0;
    if (argc < 3 || argc > 4) {
        fprintf(stderr, "usage: create_image CLOUD FILE [NAME]\n");
        return 2;
    }

    json_t *options = json_pack("{s:s}", "cloud", argv[1]);
    osi_status rc = osi_conn_open(options, &conn, &err);
    json_decref(options);
    if (rc == OSI_OK) {
        /* "filename" lets the library open the file, name the image and rewind on a retry. */
        json_t *attrs = json_pack("{s:s, s:s, s:b, s:b}", "filename", argv[2], "container_format", "bare",
                                  "wait", 1, "allow_duplicates", 1);
        rc = osi_create_image(conn, argc == 4 ? argv[3] : NULL, attrs, NULL, show_progress, &quarter, &image, &err);
        json_decref(attrs);
    }
    if (rc == OSI_OK)
        printf("created %s %s (%s, %s), %lld bytes\n", json_string_value(json_object_get(image, "id")),
               json_string_value(json_object_get(image, "name")), json_string_value(json_object_get(image, "status")),
               json_string_value(json_object_get(image, "disk_format")),
               (long long)json_integer_value(json_object_get(image, "size")));
    else
        fprintf(stderr, "create_image: %s: %s\n", osi_status_str(rc), osi_error_message(err));
    json_decref(image);
    osi_error_free(err);
    osi_conn_free(conn);
    return rc == OSI_OK ? 0 : 1;
}
