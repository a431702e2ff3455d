/*
 * download_image - downloads an image's data to a file, verified against the image's hash
 * (sha512 on Glance) while it streams; on a mismatch nothing is left at the path.
 *
 *   download_image CLOUD IMAGE PATH      IMAGE is a name or an id
 *
 * Build: cc download_image.c $(pkg-config --cflags --libs osimage) -o download_image
 */
#include <stdio.h>
#include <osimage.h>

int main(int argc, char **argv)
{
    osi_conn *conn = NULL;
    osi_sink *sink = NULL;
    osi_error *err = NULL;
    json_t *image = NULL, *result = NULL;
    if (argc != 4) {
        fprintf(stderr, "usage: download_image CLOUD IMAGE PATH\n");
        return 2;
    }

    json_t *options = json_pack("{s:s}", "cloud", argv[1]);
    osi_status rc = osi_conn_open(options, &conn, &err);
    json_decref(options);
    if (rc == OSI_OK)
        rc = osi_find_image(conn, argv[2], 0, &image, &err);
    if (rc == OSI_OK)
        rc = osi_sink_file(argv[3], &sink, &err);
    if (rc == OSI_OK)
        rc = osi_download_image(conn, json_string_value(json_object_get(image, "id")), sink, NULL, NULL, NULL,
                                &result, &err);
    if (rc == OSI_OK)
        printf("downloaded %lld bytes to %s, %s verified: %s\n",
               (long long)json_integer_value(json_object_get(result, "bytes")), argv[3],
               json_string_value(json_object_get(result, "hash_algo")),
               json_is_true(json_object_get(result, "hash_verified")) ? "yes" : "no");
    else
        fprintf(stderr, "download_image: %s: %s\n", osi_status_str(rc), osi_error_message(err));
    json_decref(result);
    json_decref(image);
    osi_sink_free(sink);
    osi_error_free(err);
    osi_conn_free(conn);
    return rc == OSI_OK ? 0 : 1;
}
