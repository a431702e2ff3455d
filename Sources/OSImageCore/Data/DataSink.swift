import Glibc

/// Where the bytes of a download go: a write function, a file path, an open descriptor or
/// memory. A download calls `begin`, `receive`... and then `commit` once the data is
/// verified, or `discard` on any failure.
///
/// A file path is handled by what is there when a download begins:
///  - nothing, or a regular file: a temporary file in the same directory, flushed to disk and
///    renamed into place by `commit`; `discard` removes it, so a failed download leaves
///    nothing new at the path (an existing file there stays as it was);
///  - a symbolic link: followed (to any depth); its final target is treated as above, the
///    temporary file made in the target's directory, so the link stays a link;
///  - a character or block device, a FIFO or a socket: opened (a socket connected) and written
///    through, never replaced and no temporary file: the bytes are out before verification
///    ends, so a checksum failure is reported after the reader got them.
/// One thread at a time.
public final class DataSink: ResponseSink {
    enum Target {
        case writer((UnsafeRawBufferPointer) -> Bool)
        case file(path: String)
        case descriptor(Int32)
        case memory(limit: Int)
    }

    private let target: Target
    /// Bytes received since `begin`.
    public private(set) var count: Int64 = 0
    /// The file sink's temporary file while a download runs, and the path it replaces.
    private var temporary: (fd: Int32, path: String, target: String)?
    /// The file sink's descriptor when it writes through (a device, FIFO or socket).
    private var through: Int32?
    /// The descriptor sink's offset at `begin`, when it can seek.
    private var descriptorStart: off_t?
    /// The memory sink's bytes.
    private var buffer: UnsafeMutableRawPointer?
    private var capacity = 0

    private init(_ target: Target) { self.target = target }

    deinit {
        discard()
        free(buffer)
    }

    /// Each chunk goes to `write`, which returns false to stop the download (`.aborted`).
    /// Chunks already given cannot be taken back, so such a download is not retried.
    public static func writer(_ write: @escaping (UnsafeRawBufferPointer) -> Bool) -> DataSink {
        DataSink(.writer(write))
    }

    /// The file at `path`, replaced only when a download succeeded. Its directory must exist.
    public static func file(path: String) throws(OSIError) -> DataSink {
        guard !path.isEmpty, !path.hasSuffix("/") else { throw .invalidArgument("the sink path must name a file") }
        var info = stat()
        let directory = FileIO.directory(of: path)
        guard stat(directory, &info) == 0 else { throw FileIO.error("examining the directory of", path) }
        guard FileIO.isDirectory(info) else { throw OSIError(.io, "\(directory) is not a directory") }
        if stat(path, &info) == 0, FileIO.isDirectory(info) { throw OSIError(.io, "\(path) is a directory") }
        return DataSink(.file(path: path))
    }

    /// An open descriptor the caller keeps and closes, written from its current offset. On
    /// failure a regular file is cut back to that offset; other descriptors keep what they got.
    public static func descriptor(_ fd: Int32) throws(OSIError) -> DataSink {
        guard fd >= 0 else { throw .invalidArgument("the sink descriptor must not be negative") }
        _ = try FileIO.status(fd, what: "descriptor \(fd)")
        return DataSink(.descriptor(fd))
    }

    /// Memory for small images; a download larger than `limit` bytes fails with `.io`.
    public static func memory(limit: Int) throws(OSIError) -> DataSink {
        guard limit >= 0 else { throw .invalidArgument("the memory sink limit must not be negative") }
        return DataSink(.memory(limit: limit))
    }

    /// The memory sink's bytes since the last `begin` (valid until the next download or the
    /// sink goes away); empty for other sinks.
    public var bytes: UnsafeRawBufferPointer {
        guard case .memory = target else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: buffer, count: Int(count))
    }

    /// The path of a file sink, nil for other sinks (a resumed download keeps its partial
    /// data beside it: ImageClient+Resume.swift).
    var filePath: String? {
        guard case .file(let path) = target else { return nil }
        return path
    }

    /// The file sink's temporary file while a download runs (nil for every other sink and
    /// for a written-through file): a parallel download writes its parts into it at their
    /// offsets instead of through `receive`.
    var partsFile: (fd: Int32, path: String)? { temporary.map { ($0.fd, $0.path) } }

    /// Whether chunks already given can be taken back for a retry.
    public var canRestart: Bool {
        switch target {
        case .writer: count == 0
        case .file: through == nil || count == 0
        case .memory: true
        case .descriptor: count == 0 || descriptorStart != nil
        }
    }

    public func begin(status: Int, headers: HTTPHeaders) throws(OSIError) {
        discard()
        count = 0
        switch target {
        case .file(let path):
            let (target, info) = try Self.resolve(path)
            if let info, !FileIO.isRegular(info) {
                through = try Self.openThrough(target, info)
            } else {
                let made = try Self.createTemporary(beside: target)
                temporary = (made.fd, made.path, target)
            }
        case .descriptor(let fd):
            let offset = lseek(fd, 0, SEEK_CUR)
            let regular = FileIO.isRegular(try FileIO.status(fd, what: "descriptor \(fd)"))
            descriptorStart = offset >= 0 && regular ? offset : nil
        case .writer, .memory:
            break
        }
    }

    public func receive(_ chunk: UnsafeRawBufferPointer) throws(OSIError) {
        switch target {
        case .writer(let write):
            guard write(chunk) else { throw OSIError(.aborted, "the write callback asked to stop") }
        case .file(let path):
            if let through {
                try FileIO.write(through, chunk, what: path)
            } else {
                guard let temporary else { throw OSIError(.internal, "the file sink for \(path) was not started") }
                try FileIO.write(temporary.fd, chunk, what: temporary.path)
            }
        case .descriptor(let fd):
            try FileIO.write(fd, chunk, what: "descriptor \(fd)")
        case .memory(let limit):
            try append(chunk, limit: limit)
        }
        count += Int64(chunk.count)
    }

    public func restart() -> Bool {
        guard canRestart else { return false }
        switch target {
        case .file:
            if through != nil { break }
            guard let temporary, ftruncate(temporary.fd, 0) == 0, lseek(temporary.fd, 0, SEEK_SET) == 0 else { return false }
        case .descriptor(let fd):
            if let start = descriptorStart {
                guard ftruncate(fd, start) == 0, lseek(fd, start, SEEK_SET) == start else { return false }
            }
        case .writer, .memory:
            break
        }
        count = 0
        return true
    }

    /// Makes a verified download final: the file sink flushes its temporary file to disk and
    /// renames it to the path (a symlink's target); a written-through file is closed.
    public func commit() throws(OSIError) {
        descriptorStart = nil
        if let through {
            close(through)
            self.through = nil
        }
        guard case .file = target, let temporary else { return }
        let path = temporary.target
        self.temporary = nil
        if fsync(temporary.fd) != 0 {
            let error = FileIO.error("flushing", temporary.path)
            close(temporary.fd)
            unlink(temporary.path)
            throw error
        }
        close(temporary.fd)
        guard rename(temporary.path, path) == 0 else {
            let error = FileIO.error("renaming \(temporary.path) to", path)
            unlink(temporary.path)
            throw error
        }
        // The rename itself reaches the disk with the directory.
        let directory = open(FileIO.directory(of: path), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directory >= 0 {
            _ = fsync(directory)
            close(directory)
        }
    }

    /// Undoes a failed download: the file sink removes its temporary file, a regular-file
    /// descriptor is cut back, memory is emptied. Safe to call at any time.
    public func discard() {
        if let temporary {
            close(temporary.fd)
            unlink(temporary.path)
            self.temporary = nil
        }
        if let through {
            close(through)
            self.through = nil
        }
        if case .descriptor(let fd) = target, let start = descriptorStart, count > 0 {
            _ = ftruncate(fd, start)
            _ = lseek(fd, start, SEEK_SET)
        }
        descriptorStart = nil
        if case .memory = target { count = 0 }
    }

    private func append(_ chunk: UnsafeRawBufferPointer, limit: Int) throws(OSIError) {
        let needed = Int(count) + chunk.count
        guard needed <= limit else {
            throw OSIError(.io, "the image is larger than the memory sink's limit of \(limit) bytes")
        }
        if needed > capacity {
            let grown = min(limit, max(needed, capacity * 2, 64 * 1024))
            guard let larger = realloc(buffer, grown) else { throw OSIError(.noMemory, "no memory for \(grown) bytes") }
            buffer = larger
            capacity = grown
        }
        if let buffer, let source = chunk.baseAddress { memcpy(buffer + Int(count), source, chunk.count) }
    }

    /// The path a download to `path` lands on: symbolic links followed to their final
    /// target, with what is there (nil: nothing yet).
    static func resolve(_ path: String) throws(OSIError) -> (String, stat?) {
        var current = path
        for _ in 0..<40 {
            var info = stat()
            guard lstat(current, &info) == 0 else {
                guard errno == ENOENT else { throw FileIO.error("examining", current) }
                return (current, nil)
            }
            guard info.st_mode & S_IFMT == S_IFLNK else {
                if FileIO.isDirectory(info) { throw OSIError(.io, "\(current) is a directory") }
                return (current, info)
            }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let length = readlink(current, &buffer, buffer.count - 1)
            guard length > 0 else { throw FileIO.error("reading the link", current) }
            let link = String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            current = link.hasPrefix("/") ? link : FileIO.directory(of: current) + "/" + link
        }
        throw OSIError(.io, "\(path): too many levels of symbolic links")
    }

    /// Opens a device or FIFO for writing (a socket: connects to it), without creating,
    /// truncating or replacing anything.
    private static func openThrough(_ path: String, _ info: stat) throws(OSIError) -> Int32 {
        if info.st_mode & S_IFMT == S_IFSOCK { return try FileIO.connectUnixSocket(path) }
        while true {
            let fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY)
            if fd >= 0 { return fd }
            if errno != EINTR { throw FileIO.error("opening", path) }
        }
    }

    /// A new file beside `path` named ".<name>.osimage-<random>", created exclusively with the
    /// usual permissions (0666 less the umask).
    private static func createTemporary(beside path: String) throws(OSIError) -> (fd: Int32, path: String) {
        var generator = SystemRandomNumberGenerator()
        let directory = FileIO.directory(of: path)
        for _ in 0..<16 {
            let name = "\(directory)/.\(FileIO.baseName(of: path)).osimage-\(String(generator.next() & 0xFFFF_FFFF, radix: 16))"
            let fd = open(name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
            if fd >= 0 { return (fd, name) }
            if errno != EEXIST { throw FileIO.error("creating a temporary file for", path) }
        }
        throw OSIError(.io, "could not create a temporary file beside \(path)")
    }
}
