import Glibc

/// The download option "connections": N ranged GETs at once over the connection's pool of
/// easy handles, for links where one TCP stream is throttled.
public enum ParallelDownload {
    /// The most connections one download may use.
    public static let maximumConnections = 16

    /// The checked "connections" of download options: an integer 1...16, and more than 1
    /// only for a whole-image download.
    static func connections(_ given: OptionsObject, ranged: Bool) throws(OSIError) -> Int {
        guard let count = try? given.count("connections", maximum: Int64(maximumConnections)), count >= 1 else {
            throw .invalidArgument("download option 'connections' must be an integer >= 1 and <= \(maximumConnections)")
        }
        if count > 1 && ranged {
            throw .invalidArgument("download option 'connections' above 1 is for a whole image, not with 'offset' or 'length'")
        }
        return count
    }
}

/// The sizes of a parallel download; the defaults suit real images, tests make them small.
struct ParallelTuning: Sendable {
    /// Bytes per part (nil: for a file, size / (4 x connections) within 4...32 MiB, the
    /// last round of parts split in four; for other sinks, the window / connections, at
    /// least 256 KiB). Set, every part has this size.
    var partSize: Int64?
    /// Bytes of the reorder window of sinks that take bytes in order.
    var windowCapacity = 8 << 20

    /// The window for an image of `size` bytes over `connections` connections, its parts
    /// written at their offsets of a file (`atOffsets`) or delivered in order.
    func window(size: Int64, connections: Int, atOffsets: Bool) -> ReorderWindow {
        let n = Int64(connections)
        if atOffsets {
            let mib: Int64 = 1 << 20
            let part = partSize ?? min(32 * mib, max(4 * mib, size / (4 * n) / mib * mib))
            // The last round of parts in quarters: the connections end together.
            let tail = partSize == nil ? n * part : 0
            return ReorderWindow(size: size, partSize: part, tail: tail, tailPartSize: partSize == nil ? max(mib, part / 4) : part,
                                 capacity: 0, lead: 2 * n * part)
        }
        let capacity = max(windowCapacity, 64 << 10)
        let part = partSize ?? max(256 << 10, Int64(capacity) / n / (64 << 10) * (64 << 10))
        return ReorderWindow(size: size, partSize: part, capacity: capacity, lead: 0)
    }
}

extension ImageClient {
    /// `downloadImage` with `options.connections` > 1: the image's parts (ranged GETs) come
    /// over that many connections at once, on threads of the library's own. A file sink's
    /// parts are written into its temporary file at their offsets and read back in order
    /// to be hashed; any other sink gets the bytes strictly in order through a reorder
    /// window of `ParallelTuning.windowCapacity` bytes (the only image bytes held in memory,
    /// whatever the size). Verified, committed and discarded exactly as one stream is.
    ///
    /// Everything that reaches the caller does so on the calling thread, with no lock held:
    /// the sink's bytes, progress (bytes arrived over all parts, of the image's size) and
    /// the log lines of the workers' requests, which they hand over. Nothing runs after the
    /// call returns: every worker is joined first.
    ///
    /// One stream instead (logged at info) when the image has no size, no hash to verify
    /// with (one stream may have a Content-MD5), fits in one part, or the server answers
    /// the first ranged request with the whole image (HTTP 200). Any part failing fails the
    /// download: the other parts are stopped and nothing is left at a file sink's path. A
    /// part is retried (as any request) only when none of its bytes had arrived.
    func downloadInParallel(_ id: String, to sink: DataSink, options: DownloadOptions,
                            progress: ProgressObserver?) throws(OSIError) -> DownloadResult {
        let segment = try URLBuilder.segment(id, what: "image id")
        let image = try getJSON(["images", segment])
        let expected = options.verify ? try HashExpectation.of(image: image) : nil
        let callerLog = session.requestLog
        var single = options
        single.connections = 1
        func oneStream(_ reason: String) throws(OSIError) -> DownloadResult {
            try callerLog?.write(.info, "image \(id): \(reason): downloading over one connection")
            return try downloadImage(id, to: sink, options: single, progress: progress)
        }
        guard let size = image["size"]?.int, size > 0 else { return try oneStream("the image has no size") }
        guard expected != nil || !options.verify else { return try oneStream("the image has no hash in its metadata") }

        let verifying = VerifyingSink(sink, imageID: id, options: single, expected: expected)
        try verifying.begin(status: 200, headers: HTTPHeaders())
        let file = sink.partsFile
        let window = options.parallelTuning.window(size: size, connections: options.connections, atOffsets: file != nil)
        guard window.partCount > 1 else {
            sink.discard()
            return try oneStream("the image fits in one part")
        }
        // At offsets, the bytes are hashed as read back from the file; the sink has them.
        let checker = file == nil ? verifying
            : VerifyingSink(DataSink.writer { _ in true }, imageID: id, options: single, expected: expected)
        let job = PartJob(session: session, url: dataURL(segment, options), imageID: id,
                          window: window, file: file, stallTimeout: options.stallTimeout, relay: LogRelay(callerLog))
        var reader: Int32 = -1
        var workers: [PartWorker] = []
        func stopAll() {
            window.stop()
            for worker in workers { worker.join() }
            workers = []
            if reader >= 0 { close(reader) }
            reader = -1
            _ = try? job.relay.forward(to: callerLog)
        }
        do throws(OSIError) {
            if file != nil { try checker.begin(status: 200, headers: HTTPHeaders()) }
            if let file, options.verify {
                reader = open(file.path, O_RDONLY | O_CLOEXEC)
                guard reader >= 0 else { throw FileIO.error("reading back", file.path) }
            }
            // The first part alone, to learn whether the server honours ranges.
            workers.append(try PartWorker.start(job))
            let answer = window.awaitFirstAnswer()
            try job.relay.forward(to: callerLog)
            if answer == .whole {
                stopAll()
                sink.discard()
                return try oneStream("the server answered a ranged request with the whole image (HTTP 200)")
            }
            for _ in 1..<min(options.connections, window.partCount) {
                // A worker that cannot be started leaves its parts to the others.
                guard let worker = try? PartWorker.start(job) else { break }
                workers.append(worker)
            }
            let started = workers.count
            try consume(window, job: job, checker: checker, reader: reader, progress: progress, log: callerLog)
            for worker in workers { worker.join() }
            workers = []
            try job.relay.forward(to: callerLog)
            if reader >= 0 { close(reader) }
            reader = -1
            var result = try checker.verify()
            result.connections = started
            result.windowPeak = window.peakHeld
            try sink.commit()
            return result
        } catch {
            stopAll()
            sink.discard()
            throw error
        }
    }

    /// The calling thread's part: takes the bytes in order as the contiguous prefix grows,
    /// hashing them (and handing them to an in-order sink), reports progress and forwards
    /// the workers' log lines, until the whole image is taken or something failed.
    private func consume(_ window: ReorderWindow, job: PartJob, checker: VerifyingSink, reader: Int32,
                         progress: ProgressObserver?, log: RequestLog?) throws(OSIError) {
        let piece = 1 << 20
        let buffer = reader >= 0 ? UnsafeMutableRawBufferPointer.allocate(byteCount: piece, alignment: 64) : nil
        defer { buffer?.deallocate() }
        // Bytes are taken in batches (fewer wake-ups and system calls), a quarter of the ring
        // at most; a file's taken bytes go to the disk 8 MiB at a time.
        let batch = Int64(window.capacity > 0 ? min(piece, window.capacity / 4) : piece)
        let flushEvery: Int64 = 8 << 20
        var flushed: Int64 = 0
        var taken: Int64 = 0
        var reported: Int64 = -1
        var lastReport = Clock.monotonic()
        while taken < window.size {
            let seen = window.await(atMost: 0.25, batch: batch)
            if let failure = seen.failure { throw failure }
            if seen.stopped { throw OSIError(.internal, "the parallel download of image \(job.imageID) stopped") }
            try job.relay.forward(to: log)
            let now = Clock.monotonic()
            if let progress, seen.received != reported || now - lastReport >= 1 {
                reported = seen.received
                lastReport = now
                guard progress(seen.received, window.size) else { throw OSIError(.aborted, "the progress callback asked to stop") }
            }
            while taken < seen.end {
                let next = min(seen.end, taken + Int64(piece))
                if let file = job.file {
                    // Unverified, the bytes in the file are all there is to do.
                    if let buffer {
                        let bytes = UnsafeMutableRawBufferPointer(rebasing: buffer[..<Int(next - taken)])
                        try FileIO.read(reader, into: bytes, at: taken, what: file.path)
                        try checker.receive(UnsafeRawBufferPointer(bytes))
                    }
                    // Taken bytes head for the disk now, not all at the commit's fsync.
                    if next - flushed >= flushEvery || next == window.size {
                        FileIO.doneWith(file.fd, at: flushed, length: next - flushed)
                        flushed = next
                    }
                } else {
                    for bytes in window.bytes(from: taken, to: next) { try checker.receive(bytes) }
                }
                taken = next
                window.take(upTo: taken)
            }
        }
        if let progress, reported != window.size, !progress(window.size, window.size) {
            throw OSIError(.aborted, "the progress callback asked to stop")
        }
    }
}

/// What every worker of one parallel download shares.
private final class PartJob: Sendable {
    let session: Session
    let url: String
    let imageID: String
    let window: ReorderWindow
    let file: (fd: Int32, path: String)?
    let stallTimeout: Double?
    let relay: LogRelay

    init(session: Session, url: String, imageID: String, window: ReorderWindow, file: (fd: Int32, path: String)?,
         stallTimeout: Double?, relay: LogRelay) {
        self.session = session
        self.url = url
        self.imageID = imageID
        self.window = window
        self.file = file
        self.stallTimeout = stallTimeout
        self.relay = relay
    }

    /// A worker thread's loop: parts until none is left or the download stopped.
    func work() {
        while let part = window.claim() {
            do throws(OSIError) {
                try fetch(part)
            } catch {
                window.fail(error)
                return
            }
        }
    }

    /// One part: a GET with its Range, into the file at its offset or into the window.
    private func fetch(_ part: ReorderWindow.Part) throws(OSIError) {
        let sink = PartSink(part, job: self)
        let window = self.window
        var request = HTTPRequest(method: .get, url: url, headers: [("Range", "bytes=\(part.first)-\(part.last)")],
                                  sink: sink, progress: { _, _ in !window.isStopped }, timeoutKind: .transfer)
        request.stallTimeout = stallTimeout
        request.log = relay.log
        _ = try session.send(request)
        guard sink.filled == part.length else {
            throw OSIError(.transport, "bytes \(part.first)-\(part.last) of image \(imageID) ended after \(sink.filled) bytes")
        }
    }
}

/// Receives one part's answer on its worker thread: checks it is exactly the range asked
/// for (or, for the first part, learns that the server sent the whole image instead) and
/// puts its bytes in place.
private final class PartSink: ResponseSink {
    let part: ReorderWindow.Part
    let job: PartJob
    private(set) var filled: Int64 = 0

    init(_ part: ReorderWindow.Part, job: PartJob) {
        self.part = part
        self.job = job
    }

    func begin(status: Int, headers: HTTPHeaders) throws(OSIError) {
        let range = "bytes \(part.first)-\(part.last) of image \(job.imageID)"
        if status == 200, part.index == 0, job.window.answeredWhole() {
            throw OSIError(.unsupported, "the server does not honour Range requests")
        }
        guard status == 206 else { throw OSIError(.internal, "the server answered the request for \(range) with HTTP \(status), not 206") }
        let text = headers["content-range"] ?? ""
        guard let answered = ContentRange(text), answered.first == part.first, answered.last == part.last,
              answered.complete == job.window.size else {
            throw OSIError(.internal, "the server answered the request for \(range) (of \(job.window.size)) with the "
                + "Content-Range \(ServerMessage.bounded(text, limit: 200))")
        }
        if part.index == 0 { job.window.answeredRanged() }
    }

    func receive(_ chunk: UnsafeRawBufferPointer) throws(OSIError) {
        guard !job.window.isStopped else { throw OSIError(.aborted, "the parallel download stopped") }
        guard Int64(chunk.count) <= part.length - filled else {
            throw OSIError(.internal, "the server sent more than bytes \(part.first)-\(part.last) of image \(job.imageID)")
        }
        if let file = job.file {
            try FileIO.write(file.fd, chunk, at: part.first + filled, what: file.path)
            filled += Int64(chunk.count)
            job.window.arrived(part, chunk.count)
            return
        }
        var done = 0
        while done < chunk.count {
            guard let room = job.window.room(at: part.first + filled, wanted: chunk.count - done) else {
                throw OSIError(.aborted, "the parallel download stopped")
            }
            let bytes = UnsafeRawBufferPointer(rebasing: chunk[done..<done + room])
            job.window.store(bytes, at: part.first + filled)
            filled += Int64(room)
            done += room
            job.window.arrived(part, room)
        }
    }

    /// A part can be asked for again only while none of its bytes arrived.
    func restart() -> Bool { filled == 0 }
}

/// The log lines of the workers' requests, held until the calling thread forwards them to
/// the caller's log (log callbacks run on the calling thread only).
private final class LogRelay: Sendable {
    private let lines = ConditionLock()
    private let held = HeldLines()
    /// The log the workers' requests write to; nil when the caller has none.
    let log: RequestLog?

    init(_ caller: RequestLog?) {
        let held = self.held
        let lock = lines
        log = caller.map { caller in
            RequestLog(level: caller.level) { level, line in
                lock.locked { held.lines.append((level, line)) }
                return true
            }
        }
    }

    /// Writes the held lines to `caller` on the calling thread, no lock held; `.aborted`
    /// when its handler asks to stop.
    func forward(to caller: RequestLog?) throws(OSIError) {
        guard let caller else { return }
        let pending = lines.locked { () -> [(LogLevel, String)] in
            defer { held.lines.removeAll() }
            return held.lines
        }
        for (level, line) in pending { try caller.write(level, line) }
    }
}

/// The lines a `LogRelay` holds (touched only under its lock).
private final class HeldLines: @unchecked Sendable {
    var lines: [(LogLevel, String)] = []
}

/// One worker thread of a parallel download, joined before the download returns.
private final class PartWorker: @unchecked Sendable {
    // Sendable: `thread` is set by the starting thread and read by it when joining.
    private let job: PartJob
    private var thread: pthread_t?

    private init(_ job: PartJob) { self.job = job }

    /// A started worker for `job`.
    static func start(_ job: PartJob) throws(OSIError) -> PartWorker {
        let worker = PartWorker(job)
        var created = pthread_t()
        let context = Unmanaged.passRetained(worker).toOpaque()
        guard pthread_create(&created, nil, partWorkerMain, context) == 0 else {
            Unmanaged<PartWorker>.fromOpaque(context).release()
            throw OSIError(.noMemory, "could not start a download thread")
        }
        worker.thread = created
        return worker
    }

    fileprivate func run() { job.work() }

    /// Waits for the thread to end (idempotent).
    func join() {
        if let running = thread { pthread_join(running, nil) }
        thread = nil
    }
}

private func partWorkerMain(_ context: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    guard let context else { return nil }
    Unmanaged<PartWorker>.fromOpaque(context).takeRetainedValue().run()
    return nil
}
