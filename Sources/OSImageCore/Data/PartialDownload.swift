import Glibc

/// What identifies the version of an image whose data a partial download holds: its id, size
/// and hashes. Glance never changes the data of an image in place, but the sidecar guards
/// against a server that does (or an id reused), and against a partial of another image.
struct ImageVersion: Equatable {
    let id: String
    let size: Int64
    let hashAlgo: String?
    let hashValue: String?
    let checksum: String?

    /// The version an image's metadata describes; nil without a size or without any hash
    /// (no data yet: nothing could tell a later download that the kept bytes are still right).
    init?(image: JSON, id: String) {
        guard let size = image["size"]?.int, size >= 0 else { return nil }
        self.init(id: id, size: size, hashAlgo: image["os_hash_algo"]?.string, hashValue: image["os_hash_value"]?.string,
                  checksum: image["checksum"]?.string)
        guard hashValue != nil || checksum != nil else { return nil }
    }

    /// The version a sidecar recorded; nil for a sidecar of another format or damaged.
    init?(sidecar: JSON) {
        guard sidecar["format"]?.int == Self.format, let id = sidecar["id"]?.string, let size = sidecar["size"]?.int else {
            return nil
        }
        self.init(id: id, size: size, hashAlgo: sidecar["os_hash_algo"]?.string,
                  hashValue: sidecar["os_hash_value"]?.string, checksum: sidecar["checksum"]?.string)
    }

    private init(id: String, size: Int64, hashAlgo: String?, hashValue: String?, checksum: String?) {
        func text(_ value: String?) -> String? { value.flatMap { $0.isEmpty ? nil : $0.asciiLowercased() } }
        self.id = id
        self.size = size
        self.hashAlgo = text(hashAlgo)
        self.hashValue = text(hashValue)
        self.checksum = text(checksum)
    }

    /// The sidecar's layout version.
    static let format: Int64 = 1

    /// The sidecar: {"format": 1, "id", "size", "os_hash_algo", "os_hash_value", "checksum"}.
    var sidecar: JSON {
        let record = JSON.object(["format": .int(Self.format), "id": .string(id), "size": .int(size)])
        for (key, value) in [("os_hash_algo", hashAlgo), ("os_hash_value", hashValue), ("checksum", checksum)] {
            record.set(key, value.map(JSON.string) ?? .null)
        }
        return record
    }
}

/// The file a resumable download writes: `<target>.osimage-partial`, with the image version
/// it holds bytes of in `<target>.osimage-partial.json` (the sidecar), both beside the target
/// (a symbolic link's final target) and never at the target path itself.
///
/// `open` locks the partial file (flock: one download per target at a time), keeps the bytes
/// already there when the sidecar names the same image version and they are not more than
/// the image, re-hashes them (streaming, through `BackgroundDigest`), and otherwise empties
/// the file and records the new version. As the answer's sink it appends a 206 answer that
/// starts where the kept bytes end, and takes a 200 answer (a server ignoring Range) as the
/// whole image from byte 0. `finish` verifies the whole image's hash, flushes the file and
/// renames it to the target; `abandon` keeps what was received for a later resume (except
/// after a checksum mismatch: bytes known to be wrong are removed). One thread at a time.
final class PartialDownload: ResponseSink {
    let target: String
    let partialPath: String
    let sidecarPath: String
    let version: ImageVersion
    let expected: HashExpectation
    private let log: RequestLog?
    private var fd: Int32
    private let digest: BackgroundDigest
    /// The bytes kept from an earlier download when this one began.
    let kept: Int64
    /// Where the current answer's bytes start: `kept`, or 0 once the server sent the whole image.
    private(set) var base: Int64
    /// The bytes in the file now.
    private(set) var count: Int64
    private(set) var status = 0

    /// The suffix of the partial file's name (the sidecar adds ".json").
    static let suffix = ".osimage-partial"
    /// The largest sidecar read (it holds a few hundred bytes).
    private static let sidecarLimit = 64 << 10

    private init(target: String, version: ImageVersion, expected: HashExpectation, log: RequestLog?, fd: Int32,
                 digest: BackgroundDigest, kept: Int64) {
        self.target = target
        self.partialPath = target + Self.suffix
        self.sidecarPath = target + Self.suffix + ".json"
        self.version = version
        self.expected = expected
        self.log = log
        self.fd = fd
        self.digest = digest
        self.kept = kept
        self.base = kept
        self.count = kept
    }

    deinit { if fd >= 0 { close(fd) } }

    /// The partial download for `path`, with what is kept re-hashed. Refuses a target that is a
    /// device, FIFO or socket (`.invalidArgument`), and a target another download holds
    /// (`.conflict`).
    static func open(for path: String, version: ImageVersion, expected: HashExpectation,
                     log: RequestLog?) throws(OSIError) -> PartialDownload {
        let (target, info) = try DataSink.resolve(path)
        if let info, !FileIO.isRegular(info) {
            throw .invalidArgument("download option 'resume' needs a regular file (or nothing) at the path: \(target) is a device, FIFO or socket")
        }
        let digest = try BackgroundDigest([expected.algorithm])
        let fd = try lockedFile(target + suffix, target: target)
        let kept: Int64
        do throws(OSIError) {
            let onDisk = Int64(try FileIO.status(fd, what: target + suffix).st_size)
            let recorded = readSidecar(target + suffix + ".json")
            var reason: String?
            if onDisk > 0 {
                if recorded == nil {
                    reason = "no record of the image version it holds"
                } else if recorded != version {
                    reason = "it holds bytes of another version of the image (size or hash differ)"
                } else if onDisk > version.size {
                    reason = "it holds more bytes (\(onDisk)) than the image (\(version.size))"
                }
            }
            kept = reason == nil ? onDisk : 0
            if let reason {
                try log?.write(.info, "image \(version.id): starting over, not resuming from \(target + suffix): \(reason)")
            }
            if kept == 0 {
                guard ftruncate(fd, 0) == 0 else { throw FileIO.error("emptying", target + suffix) }
            }
            if recorded != version || kept == 0 { try writeSidecar(version, to: target + suffix + ".json") }
        } catch {
            close(fd)
            throw error
        }
        // From here the partial download owns the descriptor (and closes it when it goes away).
        let partial = PartialDownload(target: target, version: version, expected: expected, log: log, fd: fd,
                                      digest: digest, kept: kept)
        try partial.rehash(kept)
        if kept > 0 {
            try log?.write(.info, "image \(version.id): resuming from byte \(kept) of \(version.size) kept in \(target + suffix)")
        }
        return partial
    }

    /// Whether the kept bytes are already the whole image (a download that died after its
    /// last byte): nothing is left to fetch.
    var isComplete: Bool { kept > 0 && kept == version.size }

    /// The `Range` header value for the rest, nil when starting from byte 0.
    var rangeHeader: String? { base > 0 ? "bytes=\(base)-" : nil }

    func begin(status: Int, headers: HTTPHeaders) throws(OSIError) {
        self.status = status
        if status == 204 { throw VerifyingSink.noDataError(version.id, headers) }
        if status == 206 {
            let text = headers["content-range"] ?? ""
            guard base > 0, let range = ContentRange(text), range.first == base, range.complete.map({ $0 == version.size }) ?? true else {
                throw OSIError(.internal, "the resumed download of image \(version.id) got the Content-Range "
                    + "\(ServerMessage.bounded(text, limit: 200)), not one from byte \(base) of \(version.size)")
            }
        } else if status == 200 {
            if base > 0 {
                try log?.write(.info, "image \(version.id): the server ignored the Range request (HTTP 200): "
                    + "starting over from byte 0 with its answer")
                try truncate(to: 0)
                digest.reset()
                base = 0
            }
        } else {
            throw OSIError(.internal, "the data of image \(version.id) came with HTTP \(status) instead of 200 or 206")
        }
    }

    func receive(_ chunk: UnsafeRawBufferPointer) throws(OSIError) {
        guard Int64(chunk.count) <= version.size - count else {
            throw OSIError(.internal, "image \(version.id) sent more data than its size of \(version.size) bytes")
        }
        digest.update(chunk)
        try FileIO.write(fd, chunk, what: partialPath)
        count += Int64(chunk.count)
    }

    /// For a retried request (the same Range): back to `base` bytes, hashed again.
    func restart() -> Bool {
        do {
            try truncate(to: base)
            try rehash(base)
            return true
        } catch {
            return false
        }
    }

    /// Verifies the whole image and renames the partial file to the target; a mismatch throws
    /// `.checksum` (and `abandon` then removes the partial file and its sidecar).
    func finish() throws(OSIError) -> DownloadResult {
        var result = DownloadResult()
        result.bytes = count
        result.httpStatus = status
        result.expected = expected
        result.resumedFrom = base
        let actual = digest.finish()[expected.algorithm] ?? ""
        result.actualHash = actual
        guard actual == expected.value, count == version.size else {
            let mismatch = expected.mismatch(version.id, actual: actual)
            guard base > 0 else { throw mismatch }
            throw mismatch.prefixed("resumed from \(base) kept bytes, which may be damaged (removed: the next "
                + "download starts from byte 0)")
        }
        guard fsync(fd) == 0 else { throw FileIO.error("flushing", partialPath) }
        guard rename(partialPath, target) == 0 else { throw FileIO.error("renaming \(partialPath) to", target) }
        unlink(sidecarPath)
        close(fd)
        fd = -1
        let directory = Glibc.open(FileIO.directory(of: target), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directory >= 0 {
            _ = fsync(directory)
            close(directory)
        }
        result.verified = true
        return result
    }

    /// After a failure: keeps the bytes received (cut to whole chunks) and the sidecar for a
    /// later resume; removes both when nothing was received or the bytes failed verification.
    func abandon(after error: OSIError) {
        guard fd >= 0 else { return }
        if count == 0 || error.code == .checksum {
            remove()
            return
        }
        _ = ftruncate(fd, off_t(count))
        close(fd)
        fd = -1
    }

    private func remove() {
        unlink(partialPath)
        unlink(sidecarPath)
        if fd >= 0 { close(fd) }
        fd = -1
    }

    private func truncate(to length: Int64) throws(OSIError) {
        guard ftruncate(fd, off_t(length)) == 0, lseek(fd, off_t(length), SEEK_SET) == off_t(length) else {
            throw FileIO.error("cutting back", partialPath)
        }
        count = length
    }

    /// Hashes the first `length` bytes of the file again (from an empty digest), in blocks of
    /// a fixed size, and leaves the file offset at `length`.
    private func rehash(_ length: Int64) throws(OSIError) {
        digest.reset()
        guard lseek(fd, 0, SEEK_SET) == 0 else { throw FileIO.error("reading", partialPath) }
        let block = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 64)
        defer { block.deallocate() }
        var done: Int64 = 0
        while done < length {
            let wanted = Int(min(Int64(block.count), length - done))
            let got = try FileIO.read(fd, into: UnsafeMutableRawBufferPointer(rebasing: block[..<wanted]), what: partialPath)
            guard got > 0 else { throw OSIError(.io, "\(partialPath) ended at byte \(done) while it was hashed again") }
            digest.update(UnsafeRawBufferPointer(rebasing: block[..<got]))
            done += Int64(got)
        }
        guard lseek(fd, off_t(length), SEEK_SET) == off_t(length) else { throw FileIO.error("seeking in", partialPath) }
        count = length
    }

    /// The partial file opened (created if need be) and locked for this process; a file another
    /// download holds is a `.conflict`. The path is checked to still name the locked file, since
    /// a download that just finished renames it to the target.
    private static func lockedFile(_ path: String, target: String) throws(OSIError) -> Int32 {
        for _ in 0..<8 {
            let fd = Glibc.open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o666)
            guard fd >= 0 else { throw FileIO.error("opening", path) }
            guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
                let busy = errno == EWOULDBLOCK
                let failure = FileIO.error("locking", path)
                close(fd)
                throw busy ? OSIError(.conflict, "another download to \(target) is running (it holds \(path))") : failure
            }
            var opened = stat()
            var named = stat()
            if fstat(fd, &opened) == 0, lstat(path, &named) == 0, opened.st_dev == named.st_dev, opened.st_ino == named.st_ino {
                guard FileIO.isRegular(opened) else {
                    close(fd)
                    throw OSIError(.io, "\(path) is not a regular file")
                }
                return fd
            }
            close(fd)
        }
        throw OSIError(.io, "could not lock \(path): it keeps being replaced")
    }

    /// The version a sidecar records, nil when there is none or it cannot be read.
    private static func readSidecar(_ path: String) -> ImageVersion? {
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while bytes.count <= sidecarLimit {
            let got = chunk.withUnsafeMutableBytes { (try? FileIO.read(fd, into: $0, what: path)) ?? -1 }
            if got < 0 { return nil }
            if got == 0 { break }
            bytes += chunk[0..<got]
        }
        guard bytes.count <= sidecarLimit, let record = try? JSON.parse(bytes, what: "sidecar") else { return nil }
        return ImageVersion(sidecar: record)
    }

    private static func writeSidecar(_ version: ImageVersion, to path: String) throws(OSIError) {
        let fd = Glibc.open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o666)
        guard fd >= 0 else { throw FileIO.error("writing", path) }
        defer { close(fd) }
        let bytes = version.sidecar.serialized() + [UInt8(ascii: "\n")]
        let failure: OSIError? = bytes.withUnsafeBytes { raw in
            do throws(OSIError) { try FileIO.write(fd, raw, what: path) } catch { return error }
            return nil
        }
        if let failure { throw failure }
    }
}
