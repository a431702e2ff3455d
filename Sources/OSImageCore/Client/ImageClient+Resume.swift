/// Verified resume of a download to a file path (download option "resume").
extension ImageClient {
    /// `downloadImage` with `options.resume`: the download writes `<target>.osimage-partial`
    /// beside the target (a symbolic link's final target), recording the image version (id,
    /// size, os_hash_algo/os_hash_value, checksum) in `<target>.osimage-partial.json`, and
    /// renames it to the target only once the whole image's hash matched.
    ///
    /// On a failure (a dropped connection after the retries, a stall, an abort, a process that
    /// was killed) both stay. A later download with `resume` to the same path re-hashes the
    /// kept bytes and asks for the rest (`Range: bytes=N-`) when the sidecar names the image's
    /// current version and the kept bytes are not more than the image; otherwise it starts
    /// over from byte 0, as it does when the server answers 200 (ignoring Range: that body is
    /// the whole image). A resumed image that fails verification (kept bytes damaged on disk)
    /// is `.checksum` with nothing at the target, and the partial data is removed so the next
    /// download starts from byte 0. An image without a size or a hash (no data yet) is
    /// downloaded as without `resume`.
    ///
    /// Errors besides `downloadImage`'s: a sink that is not a file path, a range, `verify`
    /// false, or a device, FIFO or socket at the path -> `.invalidArgument` before any
    /// request; another download to the same path running -> `.conflict`.
    func downloadResuming(_ id: String, to sink: DataSink, options: DownloadOptions,
                          progress: ProgressObserver?) throws(OSIError) -> DownloadResult {
        try options.checkResume()
        guard let path = sink.filePath else {
            throw .invalidArgument("download option 'resume' needs a sink for a file path (osi_sink_file), to keep the partial data beside it")
        }
        let segment = try URLBuilder.segment(id, what: "image id")
        let image = try getJSON(["images", segment])
        guard let expected = try HashExpectation.of(image: image), let version = ImageVersion(image: image, id: id) else {
            var plain = options
            plain.resume = false
            return try downloadImage(id, to: sink, options: plain, progress: progress)
        }
        let partial = try PartialDownload.open(for: path, version: version, expected: expected, log: session.requestLog)
        do {
            if !partial.isComplete {
                // Progress counts the kept bytes too: done and total are the whole image's.
                let observer: ProgressObserver? = progress.map { report in
                    { done, total in report(partial.base + done, total > 0 ? partial.base + total : -1) }
                }
                var request = HTTPRequest(method: .get, url: dataURL(segment, options),
                                          sink: partial, progress: observer, timeoutKind: .transfer)
                if let range = partial.rangeHeader { request.headers.append(("Range", range)) }
                request.stallTimeout = options.stallTimeout
                _ = try session.send(request)
            }
            return try partial.finish()
        } catch {
            partial.abandon(after: error)
            throw error
        }
    }
}
