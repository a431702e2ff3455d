/*
 * create_image - creates an image from a file with upload progress and prints its id:
 * osi_create_image() makes the record, osi_upload_image() sends the file and reports
 * progress; a failed upload deletes the record again.
 *
 *   create_image CLOUD FILE [NAME]      NAME defaults to the file's name without extension
 *
 * Build: cc create_image.c $(pkg-config --cflags --libs osimage) -o create_image
 */
#include <stdio.h>
#include <string.h>
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
    osi_source *source = NULL;
    osi_error *err = NULL;
    json_t *record = NULL, *image = NULL;
    char name[256];
    int quarter = 0;
    if (argc < 3 || argc > 4) {
        fprintf(stderr, "usage: create_image CLOUD FILE [NAME]\n");
        return 2;
    }
    if (argc == 4) {
        snprintf(name, sizeof name, "%s", argv[3]);
    } else { /* the file's base name without its extension */
        const char *base = strrchr(argv[2], '/') ? strrchr(argv[2], '/') + 1 : argv[2];
        snprintf(name, sizeof name, "%s", base);
        if (strrchr(name, '.') != NULL && strrchr(name, '.') != name)
            *strrchr(name, '.') = '\0';
    }

    json_t *options = json_pack("{s:s}", "cloud", argv[1]);
    osi_status rc = osi_conn_open(options, &conn, &err);
    json_decref(options);
    if (rc == OSI_OK)
        rc = osi_source_file(argv[2], &source, &err);
    if (rc == OSI_OK) {
        json_t *attrs = json_pack("{s:s, s:s}", "disk_format", "raw", "container_format", "bare");
        rc = osi_create_image(conn, name, attrs, NULL, &record, &err);
        json_decref(attrs);
    }
    if (rc == OSI_OK) {
        const char *id = json_string_value(json_object_get(record, "id"));
        rc = osi_upload_image(conn, id, source, NULL, show_progress, &quarter, &image, &err);
        if (rc != OSI_OK)
            osi_delete_image(conn, id, NULL, NULL);
    }
    if (rc == OSI_OK)
        printf("created %s %s (%s), %lld bytes\n", json_string_value(json_object_get(image, "id")),
               json_string_value(json_object_get(image, "name")), json_string_value(json_object_get(image, "status")),
               (long long)json_integer_value(json_object_get(image, "size")));
    else
        fprintf(stderr, "create_image: %s: %s\n", osi_status_str(rc), osi_error_message(err));
    json_decref(image);
    json_decref(record);
    osi_source_free(source);
    osi_error_free(err);
    osi_conn_free(conn);
    return rc == OSI_OK ? 0 : 1;
}
