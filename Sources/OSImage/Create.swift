import COSImageTypes
import CJansson
import OSImageCore

/// Creates an image and gives it data, as openstacksdk's create_image does but with its
/// defects fixed; on success *out_image is the image (a new reference).
///
/// `name` may be NULL when the data comes from a file (the "filename" option or a file
/// source): the file's base name without its extension is used. `source` (may be NULL) is
/// the data; or "filename" names a file (not both). `options` (borrowed; NULL for none):
///  - "allow_duplicates" (default false): otherwise an active image with this name whose
///    owner_specified.openstack.md5/sha256 match the data is returned unchanged. A file,
///    seekable fd or memory source is hashed (md5 + sha256) in one read before anything is
///    created; a callback source is hashed while it uploads (its hashes are recorded on the
///    image afterwards), so only "md5"/"sha256" given here can find its duplicate.
///  - "md5", "sha256": hashes the caller knows; "container" (default "images") for
///    owner_specified.openstack.object = "<container>/<name>".
///  - "disk_format" (default: from the file or URI extension, else the data's magic bytes,
///    else "raw", which Glance 33 accepts for any data; a wrong explicit format is refused
///    by Glance with HTTP 415), "container_format" (default "bare"), "tags": [...].
///  - "meta": an object sent as is, last; every other key is an image attribute (typed:
///    visibility, protected, os_hidden, min_disk, min_ram, owner...; sdk aliases such as
///    is_protected accepted) or a custom property (sent as a string); read-only ones
///    ("size", "status", "checksum"...) are refused.
///  - "wait" (default false) and "timeout" (s, default 3600; null: no limit), "interval"
///    (s between polls, default 2), as in osi_wait_for_image(): wait until active; a killed
///    image or a failed import gives OSI_TASK_FAILED with the server's message, the timeout
///    OSI_TIMEOUT. The old name "poll_interval" is refused with a message naming "interval".
///  - "validate_checksum": compare the server's checksum with the data's (OSI_CHECKSUM);
///    on an import it implies waiting.
///  - "use_import", "import_method" (glance-direct with data; web-download with "uri" and no
///    data; glance-download with "remote_region", "remote_image_id" and optionally
///    "remote_service_interface"; copy-image is refused: it is for existing images), "stores"
///    or "store", "all_stores", "all_stores_must_succeed" (any of them implies use_import).
/// `progress` (may be NULL) reports the upload or stage of `source` (bytes done, total or
/// -1) and runs on the calling thread; non-zero aborts: the image is deleted and the call
/// returns OSI_ABORTED.
/// Contradictory options are refused with OSI_INVALID_ARGUMENT and an import method the cloud
/// does not offer with OSI_UNSUPPORTED, before any image is created. If anything fails after
/// the image was created, it is deleted and the error says so. Thread-safe; the source is
/// used by this call only.
@c public func osi_create_image(_ conn: osi_conn_ref?, _ name: UnsafePointer<CChar>?, _ options: UnsafePointer<json_t>?,
                                _ source: osi_source_ref?, _ progress: osi_progress_cb?,
                                _ userdata: UnsafeMutableRawPointer?,
                                _ out_image: UnsafeMutablePointer<UnsafeMutablePointer<json_t>?>?,
                                _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        let out = try output(out_image, "out_image")
        let client = try connection(conn)
        let imageName = try optionalString(name, "name")
        let data = try source.map { (handle: osi_source_ref) throws(OSIError) in try dataSource(handle) }
        let settings = try CreateImageOptions.from(json(options))
        out.pointee = try client.createImage(name: imageName, options: settings, source: data,
                                             progress: progressObserver(progress, userdata)).forC
    }
}
