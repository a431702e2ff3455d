/// Moving image data: upload (PUT /file), stage (PUT /stage) and download (GET /file), all
/// streamed with constant memory, hashed on the fly and reporting progress.
extension ImageClient {
    /// Uploads `source` as the data of a queued image (`PUT /v2/images/{id}/file`, 204). A
    /// known size is sent as Content-Length and X-OpenStack-Image-Size, else the body is
    /// chunked. With `validateChecksum` the bytes are hashed (md5) as they are sent and
    /// compared with the image's `checksum` afterwards (mismatch -> `.checksum`). Returns the
    /// image as the server has it after the upload.
    public func uploadImage(_ id: String, source: DataSource, validateChecksum: Bool = false,
                            progress: ProgressObserver? = nil) throws(OSIError) -> JSON {
        let hashes = try putData(id, "file", source: source, hashing: validateChecksum ? [.md5] : [], progress: progress)
        let image = try getImage(id)
        if let md5 = hashes[.md5] { try Self.checkServerChecksum(of: image, md5: md5, sha256: nil) }
        return image
    }

    /// `uploadImage` with options from a JSON object (nil for none): "validate_checksum"
    /// (boolean, default false); other keys and types -> .invalidArgument before any request.
    public func uploadImage(_ id: String, source: DataSource, options: JSON?,
                            progress: ProgressObserver? = nil) throws(OSIError) -> JSON {
        let given = try OptionsObject(options, what: "upload option", known: ["validate_checksum"])
        return try uploadImage(id, source: source, validateChecksum: given.bool("validate_checksum") ?? false,
                               progress: progress)
    }

    /// Stages `source` for a later glance-direct import (`PUT /v2/images/{id}/stage`, 204);
    /// the image must be queued. Returns the image as the server has it afterwards (status
    /// `uploading`).
    public func stageImage(_ id: String, source: DataSource, progress: ProgressObserver? = nil) throws(OSIError) -> JSON {
        _ = try putData(id, "stage", source: source, hashing: [], progress: progress)
        return try getImage(id)
    }

    /// Downloads an image's data into `sink` (`GET /v2/images/{id}/file`), verifying it while
    /// it streams: against `os_hash_algo`/`os_hash_value`, else `checksum` (md5), else the
    /// `Content-MD5` header (unless `options.verify` is false or the download is ranged). The
    /// sink is committed only when the hash matched; on any failure it is discarded (a file
    /// sink leaves nothing at its path). `options.connections` > 1 fetches the image in
    /// parts over that many connections at once (`downloadInParallel`).
    ///
    /// Errors: an unknown hash algorithm -> `.unsupported` before any data moves; a mismatch
    /// -> `.checksum` with both values; no hash with `requireHash` -> `.checksum`; an image
    /// without data (HTTP 204) -> `.conflict`; HTTP errors (403 for a deactivated image as
    /// non-admin, 416 for a range past the end) -> their codes, nothing written; a stall ->
    /// `.timeout`; a dropped connection -> `.transport` after the connection's retries (a
    /// retry restarts the sink, except a write-callback sink that already got bytes).
    /// `options.resume` keeps the bytes of a failed download to a path and continues from
    /// them later (see `downloadResuming`).
    public func downloadImage(_ id: String, to sink: DataSink, options: DownloadOptions = DownloadOptions(),
                              progress: ProgressObserver? = nil) throws(OSIError) -> DownloadResult {
        if options.resume { return try downloadResuming(id, to: sink, options: options, progress: progress) }
        if options.connections > 1 { return try downloadInParallel(id, to: sink, options: options, progress: progress) }
        let segment = try URLBuilder.segment(id, what: "image id")
        // The metadata is only needed for its hash.
        let expected = options.verifiesWholeImage ? try HashExpectation.of(image: getJSON(["images", segment])) : nil
        let verifying = VerifyingSink(sink, imageID: id, options: options, expected: expected)
        var request = HTTPRequest(method: .get, url: dataURL(segment, options),
                                  sink: verifying, progress: progress, timeoutKind: .transfer)
        if let range = options.rangeHeader { request.headers.append(("Range", range)) }
        request.stallTimeout = options.stallTimeout
        do {
            _ = try session.send(request)
            let result = try verifying.verify()
            try sink.commit()
            return result
        } catch {
            sink.discard()
            throw error
        }
    }

    /// PUTs `source` to /v2/images/{id}/{target}, hashing it with `algorithms` in the same
    /// pass; returns the hex digests. A rewindable source is resent whole on a retry; a
    /// read-once source is never resent (the retriable error is returned instead).
    func putData(_ id: String, _ target: String, source: DataSource, hashing algorithms: [HashAlgorithm],
                 progress: ProgressObserver?) throws(OSIError) -> [HashAlgorithm: String] {
        let segment = try URLBuilder.segment(id, what: "image id")
        try source.prepare()
        let digest = algorithms.isEmpty ? nil : try BackgroundDigest(algorithms)
        var headers = [("Content-Type", "application/octet-stream")]
        if let length = source.length { headers.append(("X-OpenStack-Image-Size", String(length))) }
        let request = HTTPRequest(method: .put, url: url(["images", segment, target]), headers: headers,
                                  body: HashingBody(source, digest: digest), progress: progress, timeoutKind: .transfer)
        _ = try session.send(request)
        return digest?.finish() ?? [:]
    }

    /// Compares the server's `checksum` (and `os_hash_value` when it is sha256) with the
    /// hashes of what was sent; `.checksum` naming both on a mismatch. A server without a
    /// checksum yet (an import still running) is not a mismatch.
    static func checkServerChecksum(of image: JSON, md5: String?, sha256: String?) throws(OSIError) {
        let id = image["id"]?.string ?? "?"
        if let md5, let server = image["checksum"]?.string, !server.isEmpty, server.asciiLowercased() != md5 {
            throw OSIError(.checksum, "image \(id): the server's checksum \(server) is not the md5 of the data sent, \(md5)")
        }
        if let sha256, image["os_hash_algo"]?.string == "sha256", let server = image["os_hash_value"]?.string,
           !server.isEmpty, server.asciiLowercased() != sha256 {
            throw OSIError(.checksum, "image \(id): the server's sha256 \(server) is not that of the data sent, \(sha256)")
        }
    }
}
