import Glibc

/// Where the bytes of an upload come from: a file, an open descriptor, a borrowed memory
/// buffer or a read function. The transport reads it as it sends, so memory stays flat.
///
/// Regular files (by path or descriptor) and memory can be rewound, so a retried request
/// resends them whole and a source can serve several calls. Everything else (a pipe, a
/// socket, a character device such as /dev/zero or a tty, a read function) is read once,
/// streamed chunked when its size is unknown and never rewound: a retry that would need it
/// again fails with the retriable error instead, and a second call is refused. One thread
/// at a time.
public final class DataSource: RequestBody {
    /// What the bytes come from.
    enum Origin {
        /// A descriptor: owned (closed at deinit) or borrowed, starting at `start` (nil: read once).
        case descriptor(fd: Int32, owned: Bool, start: off_t?)
        /// Borrowed memory that the caller keeps alive.
        case memory(UnsafeRawPointer?, Int)
        /// A function filling a buffer: bytes read, 0 at the end, negative to fail.
        case reader((UnsafeMutableRawBufferPointer) -> Int64)
        /// The decompressed bytes of another source (DecompressingSource.swift).
        case decoded(Decompressor)
    }

    private let origin: Origin
    /// The path of a file source (create_image names an image after it).
    public let path: String?
    /// The total size when known.
    public let length: Int64?
    /// What to call the source in messages.
    private let what: String
    /// Bytes given out since the last rewind.
    private var position: Int64 = 0
    /// Whether any byte was read (a one-shot source cannot serve another call then).
    private var consumed = false

    init(_ origin: Origin, length: Int64?, path: String? = nil, what: String) {
        self.origin = origin
        self.length = length
        self.path = path
        self.what = what
    }

    deinit {
        if case .descriptor(let fd, true, _) = origin { close(fd) }
    }

    /// The file at `path`, opened now (so a missing or unreadable file fails here with `.io`)
    /// and closed when the source goes away. A regular file has a known size and rewinds.
    public static func file(path: String) throws(OSIError) -> DataSource {
        guard !path.isEmpty else { throw .invalidArgument("the source path must not be empty") }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FileIO.error("opening", path) }
        do throws(OSIError) {
            let info = try FileIO.status(fd, what: path)
            if FileIO.isDirectory(info) { throw OSIError(.io, "opening \(path): it is a directory") }
            let regular = FileIO.isRegular(info)
            return DataSource(.descriptor(fd: fd, owned: true, start: regular ? 0 : nil),
                              length: regular ? Int64(info.st_size) : nil, path: path, what: path)
        } catch {
            close(fd)
            throw error
        }
    }

    /// An open descriptor, read from its current offset; the caller keeps it open and closes
    /// it. `size` nil means "until the end": known for a regular file, otherwise chunked. A
    /// regular file rewinds to the offset it had here; anything else is read once.
    public static func descriptor(_ fd: Int32, size: Int64?) throws(OSIError) -> DataSource {
        guard fd >= 0 else { throw .invalidArgument("the source descriptor must not be negative") }
        if let size, size < 0 { throw .invalidArgument("the source size must be -1 (unknown) or at least 0") }
        let what = "descriptor \(fd)"
        let info = try FileIO.status(fd, what: what)
        if FileIO.isDirectory(info) { throw OSIError(.io, "reading \(what): it is a directory") }
        // Only a regular file is rewound: a character device may seek (/dev/zero does) and
        // still give other bytes on a second read (a tty, a serial line).
        let offset = FileIO.isRegular(info) ? lseek(fd, 0, SEEK_CUR) : -1
        let start: off_t? = offset >= 0 ? offset : nil
        var length = size
        if length == nil, FileIO.isRegular(info), let start { length = max(0, Int64(info.st_size) - Int64(start)) }
        return DataSource(.descriptor(fd: fd, owned: false, start: start), length: length, what: what)
    }

    /// `count` bytes at `bytes`, borrowed: the caller keeps them unchanged while the source
    /// is in use. Always rewinds.
    public static func memory(_ bytes: UnsafeRawPointer?, count: Int) throws(OSIError) -> DataSource {
        guard count >= 0 else { throw .invalidArgument("the source length must not be negative") }
        guard bytes != nil || count == 0 else { throw .invalidArgument("the source data must not be NULL") }
        return DataSource(.memory(bytes, count), length: Int64(count), what: "the memory source")
    }

    /// Bytes from `read`, which fills the buffer and returns how many it wrote, 0 at the end
    /// and a negative number to stop the transfer (`.aborted`). `size` nil: unknown (chunked).
    /// Read once, never rewound.
    public static func reader(size: Int64?, _ read: @escaping (UnsafeMutableRawBufferPointer) -> Int64) throws(OSIError) -> DataSource {
        if let size, size < 0 { throw .invalidArgument("the source size must be -1 (unknown) or at least 0") }
        return DataSource(.reader(read), length: size, what: "the read callback")
    }

    public var isRewindable: Bool {
        switch origin {
        case .descriptor(_, _, let start): start != nil
        case .memory: true
        case .reader: false
        case .decoded(let decoder): decoder.inner.isRewindable
        }
    }

    public func rewind() -> Bool {
        switch origin {
        case .descriptor(let fd, _, let start?):
            guard lseek(fd, start, SEEK_SET) == start else { return false }
        case .memory:
            break
        case .descriptor(_, _, nil), .reader:
            // Read once: "rewinding" is only possible before the first byte was read.
            guard !consumed else { return false }
        case .decoded(let decoder):
            guard decoder.rewind() else { return false }
        }
        position = 0
        return true
    }

    /// Gets ready for a new call: rewinds, or fails when a one-shot source was already read.
    func prepare() throws(OSIError) {
        guard rewind() else {
            throw .invalidArgument("\(what) was already read and cannot be rewound: make a new source for each call")
        }
    }

    /// Up to `count` bytes from the start, leaving the source rewound; nil for a source that
    /// cannot be rewound (reading it would consume it).
    func peek(_ count: Int) throws(OSIError) -> [UInt8]? {
        guard isRewindable, rewind() else { return nil }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: count, alignment: 1)
        defer { buffer.deallocate() }
        var filled = 0
        while filled < count {
            let read = try self.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
            if read == 0 { break }
            filled += read
        }
        _ = rewind()
        return Array(UnsafeRawBufferPointer(rebasing: buffer[..<filled]))
    }

    /// Hashes the whole source with `algorithms` in one read (on a second thread beside the
    /// reading), leaving it rewound; nil for a source that cannot be rewound.
    func hashes(_ algorithms: [HashAlgorithm]) throws(OSIError) -> [HashAlgorithm: String]? {
        guard isRewindable, rewind() else { return nil }
        let digest = try BackgroundDigest(algorithms)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 64)
        defer { buffer.deallocate() }
        while true {
            let count = try read(into: buffer)
            if count == 0 { break }
            digest.update(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
        }
        _ = rewind()
        return digest.finish()
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(OSIError) -> Int {
        var room = buffer
        if let length {
            let left = length - position
            guard left > 0 else { return 0 }
            if Int64(room.count) > left { room = UnsafeMutableRawBufferPointer(rebasing: buffer[..<Int(left)]) }
        }
        guard !room.isEmpty else { return 0 }
        let count: Int
        switch origin {
        case .descriptor(let fd, _, _):
            count = try FileIO.read(fd, into: room, what: what)
        case .memory(let base, let total):
            count = min(room.count, total - Int(position))
            if count > 0, let base { room.copyMemory(from: UnsafeRawBufferPointer(start: base + Int(position), count: count)) }
        case .reader(let read):
            let answer = read(room)
            guard answer >= 0 else { throw OSIError(.aborted, "the read callback returned \(answer)") }
            guard answer <= room.count else {
                throw .invalidArgument("the read callback returned \(answer) for a buffer of \(room.count) bytes")
            }
            count = Int(answer)
        case .decoded(let decoder):
            count = try decoder.read(into: room)
            // The announced size must be the whole stream (this also reads its trailer check).
            if let length, position + Int64(count) == length { try decoder.expectEnd(length) }
        }
        if count > 0 { consumed = true }
        if count == 0, let length, position < length {
            throw OSIError(.io, "\(what) ended after \(position) of the \(length) bytes announced")
        }
        position += Int64(count)
        return count
    }
}
