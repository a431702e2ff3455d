import COSImageTypes
import CJansson
import OSImageCore

// The image cache API (/v2/cache), admin only; every call checks the advertised API version first.

/// The image cache of the node that answers (`GET /v2/cache`): {"cached_images": [{"image_id",
/// "hits", "size", "last_accessed", "last_modified", ...}], "queued_images": [image ids]}.
/// Needs image API v2.14, which Glance advertises only with its image cache enabled: otherwise
/// OSI_UNSUPPORTED before any request. Needs the admin role under Glance's default policies
/// (others: OSI_FORBIDDEN). On success *out_cache is a new reference. Thread-safe.
@c public func osi_get_image_cache(_ conn: osi_conn_ref?,
                                   _ out_cache: UnsafeMutablePointer<UnsafeMutablePointer<json_t>?>?,
                                   _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        let out = try output(out_cache, "out_cache")
        out.pointee = try connection(conn).imageCache().forC
    }
}

/// Removes an image from the cache and the cache queue (`DELETE /v2/cache/{image_id}`). With
/// ignore_missing non-zero an image neither cached nor queued is no error; otherwise
/// OSI_NOT_FOUND. Needs image API v2.14, which Glance advertises only with its image cache
/// enabled: otherwise OSI_UNSUPPORTED before any request. Needs the admin role under Glance's
/// default policies (others: OSI_FORBIDDEN). Thread-safe.
@c public func osi_cache_delete_image(_ conn: osi_conn_ref?, _ image_id: UnsafePointer<CChar>?, _ ignore_missing: Int32,
                                      _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        try connection(conn).cacheDeleteImage(string(image_id, "image_id"), ignoreMissing: ignore_missing != 0)
    }
}

/// Queues an active image for caching (`PUT /v2/cache/{image_id}`); Glance then caches it in
/// the background (see osi_get_image_cache()). A non-active image gives OSI_HTTP (400). Needs
/// image API v2.14, which Glance advertises only with its image cache enabled: otherwise
/// OSI_UNSUPPORTED before any request. Needs the admin role under Glance's default policies
/// (others: OSI_FORBIDDEN). Thread-safe.
@c public func osi_queue_image(_ conn: osi_conn_ref?, _ image_id: UnsafePointer<CChar>?,
                               _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        try connection(conn).queueImage(string(image_id, "image_id"))
    }
}

/// Empties the image cache, its queue or both (`DELETE /v2/cache`): `target` is "both" (or
/// NULL), "cache" or "queue"; other values give OSI_INVALID_ARGUMENT. Needs image API v2.14,
/// which Glance advertises only with its image cache enabled: otherwise OSI_UNSUPPORTED before
/// any request. Needs the admin role under Glance's default policies (others: OSI_FORBIDDEN).
/// Thread-safe.
@c public func osi_clear_cache(_ conn: osi_conn_ref?, _ target: UnsafePointer<CChar>?,
                               _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        let name = try target.map { (text: UnsafePointer<CChar>) throws(OSIError) in try string(text, "target") } ?? "both"
        try connection(conn).clearCache(target: CacheClearTarget(named: name))
    }
}

/// The reference URLs of the Glance nodes that cache an image (`GET
/// /v2/cache/nodes/{image_id}`; Glance's centralized_db cache driver only, others give
/// OSI_CONFLICT). Needs image API v2.18 (OSI_UNSUPPORTED before any request otherwise). Needs
/// the admin role under Glance's default policies (others: OSI_FORBIDDEN). On success
/// *out_nodes is a new reference to a JSON array of strings. Thread-safe.
@c public func osi_cached_image_nodes(_ conn: osi_conn_ref?, _ image_id: UnsafePointer<CChar>?,
                                      _ out_nodes: UnsafeMutablePointer<UnsafeMutablePointer<json_t>?>?,
                                      _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        let out = try output(out_nodes, "out_nodes")
        out.pointee = JSON.strings(try connection(conn).cachedImageNodes(string(image_id, "image_id"))).forC
    }
}

/// Removes invalid and stalled entries from the image cache (`POST /v2/cache/clean`). Needs
/// image API v2.18 (OSI_UNSUPPORTED before any request otherwise). Needs the admin role under
/// Glance's default policies (others: OSI_FORBIDDEN). Thread-safe.
@c public func osi_clean_cache(_ conn: osi_conn_ref?, _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        try connection(conn).cleanCache()
    }
}

/// Prunes the image cache down to its configured size (`POST /v2/cache/prune`). Needs image API
/// v2.18 (OSI_UNSUPPORTED before any request otherwise). Needs the admin role under Glance's
/// default policies (others: OSI_FORBIDDEN). On success *out_result is a new reference to
/// {"total_files_pruned", "total_bytes_pruned"}. Thread-safe.
@c public func osi_prune_cache(_ conn: osi_conn_ref?,
                               _ out_result: UnsafeMutablePointer<UnsafeMutablePointer<json_t>?>?,
                               _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        let out = try output(out_result, "out_result")
        out.pointee = try connection(conn).pruneCache().forC
    }
}
