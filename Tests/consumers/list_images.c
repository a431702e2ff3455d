/* A consumer of the installed osimage: lists the images of a cloud named in clouds.yaml. */
#include <stdio.h>
#include <osimage.h>

int main(int argc, char **argv)
{
    osi_conn *conn = NULL;
    osi_iter *images = NULL;
    osi_error *err = NULL;
    json_t *image = NULL;
    int count = 0;
    json_t *options = json_pack("{s:s, s:s}", "cloud", argc > 1 ? argv[1] : "osi-noauth",
                                "config_file", argc > 2 ? argv[2] : "clouds.yaml");
    osi_status rc = osi_conn_open(options, &conn, &err);
    json_decref(options);
    if (rc == OSI_OK)
        rc = osi_images(conn, NULL, &images, &err);
    while (rc == OSI_OK && (rc = osi_iter_next(images, &image, &err)) == OSI_OK && image != NULL) {
        count++;
        json_decref(image);
    }
    if (rc != OSI_OK)
        fprintf(stderr, "list_images: %s: %s\n", osi_status_str(rc), osi_error_message(err));
    else
        printf("osimage %s: %d images\n", osi_version(), count);
    osi_error_free(err);
    osi_iter_free(images);
    osi_conn_free(conn);
    return rc == OSI_OK ? 0 : 1;
}
