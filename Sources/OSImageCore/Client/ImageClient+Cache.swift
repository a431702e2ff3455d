/// Where `clearCache` clears: openstacksdk's `target`.
public enum CacheClearTarget: String, Sendable, CaseIterable {
    case both, cache, queue

    /// The target named `name` ("both", "cache" or "queue"); others -> .invalidArgument.
    public init(named name: String) throws(OSIError) {
        guard let target = Self(rawValue: name) else {
            throw .invalidArgument("the cache clear target must be \"both\", \"cache\" or \"queue\", not \(URLBuilder.printable(name))")
        }
        self = target
    }
}

/// The image cache API (`/v2/cache`, admin only under Glance's default policies). Glance
/// answers it, and advertises v2.14-v2.18, only where its image cache is enabled; every call
/// first checks the version it needs against the versions discovered at connect time and
/// fails with .unsupported instead of sending a request such a cloud would answer with 404.
extension ImageClient {
    /// GET /v2/cache: {"cached_images": [{"image_id", "hits", "size", "last_accessed",
    /// "last_modified", ...}], "queued_images": [image ids]}. Needs v2.14.
    public func imageCache() throws(OSIError) -> JSON {
        try endpoint.require(minor: 14, for: "the image cache API")
        return try getJSON(["cache"])
    }

    /// DELETE /v2/cache/{id}: removes the image from the cache and the queue. Neither cached
    /// nor queued (and no such image) -> no error when ignoreMissing, else .notFound. v2.14.
    public func cacheDeleteImage(_ id: String, ignoreMissing: Bool) throws(OSIError) {
        let path = ["cache", try URLBuilder.segment(id, what: "image id")]
        try endpoint.require(minor: 14, for: "the image cache API")
        try delete(path, ignoreMissing: ignoreMissing)
    }

    /// PUT /v2/cache/{id} (202): queues an active image for caching; Glance then caches it in
    /// the background. Not active -> 400 (.http). v2.14.
    public func queueImage(_ id: String) throws(OSIError) {
        let path = ["cache", try URLBuilder.segment(id, what: "image id")]
        try endpoint.require(minor: 14, for: "the image cache API")
        _ = try sendJSON(.put, path, body: nil)
    }

    /// DELETE /v2/cache: empties the cache, the queue or both (header
    /// x-image-cache-clear-target, none for both). v2.14.
    public func clearCache(target: CacheClearTarget) throws(OSIError) {
        try endpoint.require(minor: 14, for: "the image cache API")
        let headers = target == .both ? [] : [("x-image-cache-clear-target", target.rawValue)]
        _ = try sendJSON(.delete, ["cache"], body: nil, headers: headers)
    }

    /// GET /v2/cache/nodes/{id}: the reference URLs of the Glance nodes that cache the image
    /// (Glance's centralized_db cache driver only; others -> .conflict). v2.18.
    public func cachedImageNodes(_ id: String) throws(OSIError) -> [String] {
        let path = ["cache", "nodes", try URLBuilder.segment(id, what: "image id")]
        try endpoint.require(minor: 18, for: "the cached image nodes API")
        guard let nodes = try getJSON(path).stringArray else {
            throw OSIError(.internal, "the cached nodes of image \(id) are not a list of strings")
        }
        return nodes
    }

    /// POST /v2/cache/clean: removes invalid and stalled cache entries. v2.18.
    public func cleanCache() throws(OSIError) {
        try endpoint.require(minor: 18, for: "the cache clean API")
        _ = try sendJSON(.post, ["cache", "clean"], body: nil)
    }

    /// POST /v2/cache/prune: shrinks the cache to its configured size; returns
    /// {"total_files_pruned", "total_bytes_pruned"}. v2.18.
    public func pruneCache() throws(OSIError) -> JSON {
        try endpoint.require(minor: 18, for: "the cache prune API")
        return try answer(.post, ["cache", "prune"], body: nil, "pruning the image cache")
    }
}
