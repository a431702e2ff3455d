import COSImageTypes
import CJansson
import OSImageCore

/// Copies image `image_id` from the cloud of `src` into the cloud of `dst` (another cloud,
/// region or project; the two may be the same connection), without a local file: the
/// destination image is created with the source's disk_format, container_format, min_disk,
/// min_ram, tags and properties (Glance's own attributes and os_glance_* are not copied),
/// then the bytes move by the "method" option. "stream" (the default): the source download
/// streams into the destination upload through a bounded 4 MiB pipe (the download on a helper
/// thread; the upload, chunked, on this one), so memory stays constant whatever the image's
/// size; the source's os_hash_value (else checksum) is verified as the bytes pass (the upload
/// only ends after that check). "glance-download": the destination Glance fetches the bytes
/// from the source's region itself, with the destination's token (so its user must be able to
/// read the source image) (POST /v2/images/{id}/import, then a wait for active
/// bounded by "timeout" (seconds, default 3600, null for none) polling every "interval"
/// (default 1)); it needs both connections on one Keystone (same auth_url), a region_name on
/// `src`, no disk_format/container_format override that differs from the source's and the
/// method in the destination's import info, else OSI_UNSUPPORTED before anything is created;
/// the property overrides are applied again after the import (Glance sets some from the
/// source). "auto": glance-download when all that holds and the two regions differ, else
/// stream. Either way the destination's size, checksum and os_hash_value (same algorithm)
/// are compared with the source's afterwards (OSI_CHECKSUM on a mismatch). `options`
/// (borrowed; NULL for none): {"name", "visibility" (default "private", whatever the
/// source's), "disk_format", "container_format", "min_disk", "min_ram", "tags" (replacing the
/// source's), "properties" (an object set on top of the source's; null removes one),
/// "method", "timeout", "interval"}. `progress` (may be NULL) is called on this thread with
/// the image bytes passed to the upload so far and the source image's size (glance-download:
/// 0 after each poll, the size at the end); non-zero from it aborts (OSI_ABORTED). On ANY
/// failure after the destination image was created, it is deleted before the call returns.
/// An image that is not active -> OSI_CONFLICT, nothing created. If `out_image` is not NULL
/// it receives the destination image (a new reference). Thread-safe.
@c public func osi_copy_image(_ src: osi_conn_ref?, _ image_id: UnsafePointer<CChar>?, _ dst: osi_conn_ref?,
                              _ options: UnsafePointer<json_t>?, _ progress: osi_progress_cb?,
                              _ userdata: UnsafeMutableRawPointer?,
                              _ out_image: UnsafeMutablePointer<UnsafeMutablePointer<json_t>?>?,
                              _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        out_image?.pointee = nil
        let source = try connection(src)
        let destination = try connection(dst)
        let id = try string(image_id, "image_id")
        let settings = try CopyImageOptions.from(json(options))
        let image = try source.copyImage(id, to: destination, options: settings, progress: progressObserver(progress, userdata))
        out_image?.pointee = image.forC
    }
}
