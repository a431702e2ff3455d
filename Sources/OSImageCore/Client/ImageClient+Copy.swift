import Glibc

/// How copy_image moves the bytes.
public enum CopyMethod: String, Sendable {
    /// Through this process: the source download streams into the destination upload.
    case stream
    /// The destination Glance fetches the bytes itself from the source region (import method
    /// glance-download): both ends must be regions of one Keystone.
    case glanceDownload = "glance-download"
    /// glance-download when the destination offers it, both connections use the same
    /// Keystone and their regions differ; else stream.
    case auto
}

/// What copy_image carries over and overrides.
public struct CopyImageOptions {
    /// The destination image's name (nil: the source's).
    public var name: String?
    /// The destination's visibility (default "private", whatever the source's).
    public var visibility = "private"
    /// Overrides of disk_format, container_format, min_disk, min_ram (nil: the source's).
    public var diskFormat: String?
    public var containerFormat: String?
    public var minDisk: Int?
    public var minRAM: Int?
    /// The destination's tags (nil: the source's).
    public var tags: [String]?
    /// Properties set on top of the source's (a null value removes one).
    public var properties: [(key: String, value: JSON)] = []
    /// How the bytes move (default: stream).
    public var method = CopyMethod.stream
    /// How long and how often the glance-download route waits for the destination import.
    public var waiting = WaitOptions.copyImport

    public init() {}

    /// Options from a JSON object: "name", "visibility", "disk_format", "container_format"
    /// (strings), "min_disk", "min_ram" (integers >= 0), "tags" (array of strings),
    /// "properties" (object), "method" ("stream", "glance-download" or "auto"), "timeout"
    /// (seconds >= 0, null for no limit) and "interval" (seconds) of the glance-download
    /// wait. nil gives the defaults; unknown keys are refused.
    public static func from(_ json: JSON?) throws(OSIError) -> CopyImageOptions {
        let keys: Set<String> = ["name", "visibility", "disk_format", "container_format", "min_disk", "min_ram",
                                 "tags", "properties", "method"]
        let given = try OptionsObject(json, what: "copy option", known: keys.union(WaitOptions.keys))
        var options = CopyImageOptions()
        options.name = try given.string("name")
        options.visibility = try given.string("visibility") ?? "private"
        options.diskFormat = try given.string("disk_format")
        options.containerFormat = try given.string("container_format")
        options.minDisk = try given.count("min_disk")
        options.minRAM = try given.count("min_ram")
        options.tags = try given.strings("tags")
        if let properties = json?["properties"], !properties.isNull {
            guard let members = properties.members else { throw .invalidArgument("copy option 'properties' must be an object") }
            options.properties = members
        }
        if let method = try given.string("method") {
            guard let known = CopyMethod(rawValue: method) else {
                throw .invalidArgument("copy option 'method' must be stream, glance-download or auto, not '\(method)'")
            }
            options.method = known
        }
        options.waiting = try WaitOptions.copyImport.reading(json, given)
        return options
    }
}

/// copy_image: an image's data and metadata from one cloud (or region) into another,
/// streamed through a bounded pipe.
extension ImageClient {
    /// Attributes Glance sets itself (or that describe the source's storage), never copied.
    static let notCopied: Set<String> = [
        "id", "status", "created_at", "updated_at", "file", "schema", "self", "checksum", "os_hash_algo",
        "os_hash_value", "size", "virtual_size", "owner", "locations", "direct_url", "stores", "protected",
        "visibility", "name", "tags", "disk_format", "container_format", "min_disk", "min_ram",
    ]

    /// Copies image `id` of this client into `destination` (another cloud, region or
    /// project): creates the destination image with the source's disk/container format,
    /// min_disk/min_ram, tags and properties (Glance's own attributes and `os_glance_*`
    /// excluded), `options` on top (visibility private unless chosen), then moves the bytes
    /// by `options.method`:
    ///
    /// - stream: the source download runs on a helper thread into a bounded pipe (4 MiB)
    ///   that the destination upload reads from (chunked), so memory stays constant whatever
    ///   the size. The source's hash (`os_hash_value`, else `checksum`) is verified as the
    ///   bytes pass, and the pipe's end is only given to the upload after that check.
    ///   `progress` (on the calling thread, never under a lock) sees the image bytes passed
    ///   to the upload and the source's size.
    /// - glance-download: POST /v2/images/{copy}/import with the source's region, image id
    ///   and interface, then a wait for active (`options.waiting`; `progress` sees 0 after
    ///   each poll and the size at the end). Glance sets the formats and some properties
    ///   from the source itself, so the property overrides are applied again afterwards.
    ///   Refused (.unsupported, nothing created) unless both connections use one Keystone,
    ///   the source has a region_name, no format override differs from the source's and
    ///   the destination offers the method.
    /// - auto: glance-download when it is possible and the regions differ, else stream.
    ///
    /// Either way the destination's `checksum` (and `os_hash_value` when both use the same
    /// algorithm) is compared with the source's afterwards; `progress` returning false
    /// aborts. On ANY failure the destination image is deleted before the error is thrown.
    /// Returns the destination image.
    public func copyImage(_ id: String, to destination: ImageClient, options: CopyImageOptions = CopyImageOptions(),
                          progress: ProgressObserver? = nil) throws(OSIError) -> JSON {
        let source = try getImage(id)
        guard source["status"]?.string == "active" else {
            throw OSIError(.conflict, "image \(id) is \(source["status"]?.string ?? "without a status"), not active: nothing to copy")
        }
        let remote = try glanceDownloadSource(source, to: destination, options)
        guard let created = try destination.sendJSON(.post, ["images"], body: Self.copyBody(of: source, options)),
              let copy = created["id"]?.string else {
            throw OSIError(.internal, "POST /v2/images answered without an image id")
        }
        do {
            if let remote {
                return try importData(of: id, source: source, from: remote, into: copy, at: destination,
                                      options: options, progress: progress)
            }
            return try streamData(of: id, source: source, into: copy, at: destination, progress: progress)
        } catch {
            do {
                try destination.deleteImage(copy, ignoreMissing: true)
            } catch let cleanup {
                throw error.prefixed("the copy \(copy) could not be deleted (\(cleanup.message))")
            }
            throw error.prefixed("the copy \(copy) was deleted after the failure")
        }
    }

    /// Where the destination's glance-download fetches from (the source's region and
    /// interface), or nil to stream: by `options.method` (see `copyImage`).
    func glanceDownloadSource(_ source: JSON, to destination: ImageClient,
                              _ options: CopyImageOptions) throws(OSIError) -> (region: String, interface: String)? {
        guard options.method != .stream else { return nil }
        let explicit = options.method == .glanceDownload
        let mine = session.config, theirs = destination.session.config
        var obstacle: String?
        if let problem = Self.glanceDownloadObstacle(mine, theirs, source, options) {
            obstacle = problem
        } else if !explicit, let region = mine.regionName, region.asciiLowercased() == theirs.regionName?.asciiLowercased() {
            obstacle = "both connections are in region \(region)"
        }
        if let obstacle {
            if explicit { throw OSIError(.unsupported, "copy method glance-download: \(obstacle)") }
            return nil
        }
        var check = ImportOptions()
        check.method = CopyMethod.glanceDownload.rawValue
        do {
            try destination.requireImportSupport(check)
        } catch where !explicit && (error.code == .unsupported || error.code == .notFound) {
            return nil
        }
        return (mine.regionName ?? "", mine.interface)
    }

    /// Why glance-download cannot copy `source` between clouds configured as `mine` and
    /// `theirs`, or nil when it can (as far as the configuration tells).
    static func glanceDownloadObstacle(_ mine: CloudConfig, _ theirs: CloudConfig, _ source: JSON,
                                       _ options: CopyImageOptions) -> String? {
        guard mine.authType != .none, theirs.authType != .none,
              let here = keystoneRoot(mine.auth.authURL), let there = keystoneRoot(theirs.auth.authURL) else {
            return "both connections must authenticate with Keystone"
        }
        guard here == there else { return "the connections use different Keystones (\(here), \(there))" }
        guard let region = mine.regionName, !region.isEmpty else { return "the source connection has no region_name" }
        let formats = [("disk_format", options.diskFormat), ("container_format", options.containerFormat)]
        for (key, wanted) in formats {
            if let wanted, wanted != source[key]?.string {
                return "Glance takes \(key) from the source image, so it cannot be changed to \(wanted)"
            }
        }
        return nil
    }

    /// A Keystone URL compared by its root: no trailing "/" or "/v3".
    static func keystoneRoot(_ url: String?) -> String? {
        guard var root = url, !root.isEmpty else { return nil }
        while root.hasSuffix("/") { root.removeLast() }
        if root.hasSuffix("/v3") { root.removeLast(3) }
        while root.hasSuffix("/") { root.removeLast() }
        return root.isEmpty ? nil : root
    }

    /// The glance-download route: the destination imports from the source's region, waits
    /// for active, re-applies the property overrides and checks the hashes.
    private func importData(of id: String, source: JSON, from remote: (region: String, interface: String),
                            into copy: String, at destination: ImageClient, options: CopyImageOptions,
                            progress: ProgressObserver?) throws(OSIError) -> JSON {
        var request = ImportOptions()
        request.method = CopyMethod.glanceDownload.rawValue
        request.remoteRegion = remote.region
        request.remoteImageID = id
        request.remoteServiceInterface = remote.interface
        try destination.startImport(copy, request)
        let total = source["size"]?.int ?? -1
        let poll: ((JSON) -> Bool)? = progress.map { report in { _ in report(0, total) } }
        guard var image = try destination.waitForImage(copy, status: "active", options: options.waiting, progress: poll) else {
            throw OSIError(.internal, "the wait for image \(copy) ended without the image")
        }
        guard image["size"]?.int == total else {
            throw OSIError(.checksum, "the copy's size \(image["size"]?.int ?? -1) is not the source's \(total)")
        }
        guard source["os_hash_value"]?.string != nil || source["checksum"]?.string != nil else {
            throw OSIError(.checksum, "image \(id) has no hash to verify its data with: the copy was not verified")
        }
        try Self.compareHashes(source, image)
        if !options.properties.isEmpty {
            let changes = JSON.object([:])
            for (key, value) in options.properties { changes.set(key, value) }
            image = try destination.updateImage(copy, changes: changes)
        }
        if let progress, !progress(total, total) { throw OSIError(.aborted, "aborted by the progress callback") }
        return image
    }

    /// Throws .checksum when the copy's hashes differ from the source's (os_hash_value when
    /// both use the same algorithm; checksum).
    static func compareHashes(_ source: JSON, _ image: JSON) throws(OSIError) {
        if let algorithm = source["os_hash_algo"]?.string, algorithm == image["os_hash_algo"]?.string,
           let want = source["os_hash_value"]?.string, let got = image["os_hash_value"]?.string, want != got {
            throw OSIError(.checksum, "the copy's \(algorithm) \(got) is not the source's \(want)")
        }
        if let want = source["checksum"]?.string, let got = image["checksum"]?.string, want != got {
            throw OSIError(.checksum, "the copy's checksum \(got) is not the source's \(want)")
        }
    }

    /// The POST body of the copy.
    static func copyBody(of source: JSON, _ options: CopyImageOptions) -> JSON {
        let body = JSON.object([:])
        for (key, value) in source.members ?? [] where !notCopied.contains(key) && !key.hasPrefix("os_glance_") && !value.isNull {
            body.set(key, value)
        }
        let copied = ["name", "disk_format", "container_format", "min_disk", "min_ram", "tags"]
        for key in copied { if let value = source[key], !value.isNull { body.set(key, value) } }
        body.set("visibility", .string(options.visibility))
        if let name = options.name { body.set("name", .string(name)) }
        if let format = options.diskFormat { body.set("disk_format", .string(format)) }
        if let format = options.containerFormat { body.set("container_format", .string(format)) }
        if let size = options.minDisk { body.set("min_disk", .int(Int64(size))) }
        if let size = options.minRAM { body.set("min_ram", .int(Int64(size))) }
        if let tags = options.tags { body.set("tags", .array(tags.map(JSON.string))) }
        for (key, value) in options.properties { body.set(key, value) }
        let cleaned = JSON.object([:])
        for (key, value) in body.members ?? [] where !value.isNull { cleaned.set(key, value) }
        return cleaned
    }

    /// Streams the data and checks the destination's hashes; returns the destination image.
    private func streamData(of id: String, source: JSON, into copy: String, at destination: ImageClient,
                            progress: ProgressObserver?) throws(OSIError) -> JSON {
        let pipe = BytePipe(capacity: 4 << 20)
        let download = DownloadThread { [self] () throws(OSIError) -> DownloadResult in
            try downloadImage(id, to: DataSink.writer { chunk in pipe.write(chunk) }, options: DownloadOptions())
        } finished: { error in
            pipe.finish(error)
        }
        try download.start()
        // Progress counts image bytes through the pipe (not the chunked encoding's) against
        // the source's size; both closures run on this thread.
        var passed: Int64 = 0
        let reader = try DataSource.reader(size: nil) { buffer in
            let count = pipe.read(into: buffer)
            if count > 0 { passed += count }
            return count
        }
        let total = source["size"]?.int ?? -1
        let observer: ProgressObserver? = progress.map { report in { _, _ in report(passed, total) } }
        var uploadError: OSIError?
        var uploaded: JSON?
        do {
            uploaded = try destination.uploadImage(copy, source: reader, validateChecksum: true, progress: observer)
        } catch {
            uploadError = error
        }
        let downloadFailedFirst = pipe.close()
        let downloaded = download.join()
        // A download that failed first (a source hash mismatch, say) caused the upload's
        // failure; otherwise the upload's failure (or abort) stopped the download.
        if case .failure(let error) = downloaded, downloadFailedFirst || uploadError == nil {
            throw error.prefixed("downloading image \(id)")
        }
        if let uploadError { throw uploadError }
        guard let image = uploaded, case .success(let result) = downloaded else {
            throw OSIError(.internal, "the copy ended without a result")
        }
        guard result.verified else {
            throw OSIError(.checksum, "image \(id) has no hash to verify its data with: the copy was not verified")
        }
        try Self.compareHashes(source, image)
        return image
    }
}

/// A bounded byte pipe between two threads: the writer blocks while it is full, the reader
/// while it is empty. No user code runs under its lock.
final class BytePipe: @unchecked Sendable {
    // Sendable: every field is touched only under `lock`.
    private let lock = ConditionLock()
    private let storage: UnsafeMutableRawBufferPointer
    private var head = 0
    private var count = 0
    /// The writer ended (`failed`: with an error).
    private var ended = false
    private var failed = false
    /// The reader stopped: writes fail.
    private var closed = false

    init(capacity: Int) {
        storage = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 16)
    }

    deinit { storage.deallocate() }

    /// Appends `bytes`, waiting for room; false when the reader closed the pipe.
    func write(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let wrote: Int? = lock.wait(until: { closed || count < storage.count }) {
                guard !closed else { return nil }
                let tail = (head + count) % storage.count
                let room = min(storage.count - count, storage.count - tail, bytes.count - offset)
                UnsafeMutableRawBufferPointer(rebasing: storage[tail..<tail + room])
                    .copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + room]))
                count += room
                return room
            }
            lock.broadcast()
            guard let wrote else { return false }
            offset += wrote
        }
        return true
    }

    /// The writer's end: nil after all the bytes, else the error that stopped it.
    func finish(_ error: OSIError?) {
        lock.locked {
            if !ended { failed = error != nil }
            ended = true
        }
        lock.broadcast()
    }

    /// Up to `buffer.count` bytes, waiting for some; 0 at a clean end, -1 after a failure.
    func read(into buffer: UnsafeMutableRawBufferPointer) -> Int64 {
        let answer: Int64 = lock.wait(until: { count > 0 || ended || closed }) {
            if count == 0 { return closed || failed ? -1 : 0 }
            let size = min(count, storage.count - head, buffer.count)
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: storage[head..<head + size]))
            head = (head + size) % storage.count
            count -= size
            return Int64(size)
        }
        lock.broadcast()
        return answer
    }

    /// The reader's end: the writer's next write fails. Returns whether the writer had
    /// already stopped with an error.
    func close() -> Bool {
        let writerFailed = lock.locked { () -> Bool in
            closed = true
            return failed
        }
        lock.broadcast()
        return writerFailed
    }
}

/// A download on a helper thread, joined for its result.
final class DownloadThread: @unchecked Sendable {
    // Sendable: `result` is written by the thread before it ends and read after the join.
    private let body: () throws(OSIError) -> DownloadResult
    private let finished: (OSIError?) -> Void
    private var result: Result<DownloadResult, OSIError> = .failure(OSIError(.internal, "the download did not run"))
    private var thread: pthread_t?

    init(_ body: @escaping () throws(OSIError) -> DownloadResult, finished: @escaping (OSIError?) -> Void) {
        self.body = body
        self.finished = finished
    }

    func start() throws(OSIError) {
        var created = pthread_t()
        let context = Unmanaged.passRetained(self).toOpaque()
        guard pthread_create(&created, nil, downloadThreadMain, context) == 0 else {
            Unmanaged<DownloadThread>.fromOpaque(context).release()
            throw OSIError(.noMemory, "could not start the download thread")
        }
        thread = created
    }

    func run() {
        do {
            result = .success(try body())
            finished(nil)
        } catch {
            result = .failure(error)
            finished(error)
        }
    }

    func join() -> Result<DownloadResult, OSIError> {
        if let running = thread { pthread_join(running, nil) }
        thread = nil
        return result
    }
}

private func downloadThreadMain(_ context: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    guard let context else { return nil }
    Unmanaged<DownloadThread>.fromOpaque(context).takeRetainedValue().run()
    return nil
}
