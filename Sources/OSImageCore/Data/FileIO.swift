import Glibc

/// The POSIX calls the data path makes on local files and descriptors, with EINTR handled and
/// failures turned into `.io` errors that name the file and the action.
enum FileIO {
    /// An `.io` error for the current `errno`.
    static func error(_ action: String, _ what: String) -> OSIError {
        OSIError(.io, "\(action) \(what): \(String(cString: strerror(errno)))")
    }

    /// Reads up to `buffer.count` bytes; 0 at the end.
    static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, what: String) throws(OSIError) -> Int {
        while true {
            let count = Glibc.read(fd, buffer.baseAddress, buffer.count)
            if count >= 0 { return count }
            if errno != EINTR { throw error("reading", what) }
        }
    }

    /// Writes all of `bytes`. A reader that went away (a FIFO, a pipe, a socket) is an `.io`
    /// error, never a SIGPIPE: the signal is blocked on this thread during the write and one
    /// it raised is consumed, so the host process's handling of SIGPIPE does not matter.
    static func write(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, what: String) throws(OSIError) {
        var pipeSignal = sigset_t()
        sigemptyset(&pipeSignal)
        sigaddset(&pipeSignal, SIGPIPE)
        var previous = sigset_t()
        pthread_sigmask(SIG_BLOCK, &pipeSignal, &previous)
        var pending = sigset_t()
        sigpending(&pending)
        let alreadyPending = sigismember(&pending, SIGPIPE) == 1
        var brokenPipe = false
        defer {
            if brokenPipe && !alreadyPending {
                var now = timespec()
                _ = sigtimedwait(&pipeSignal, nil, &now)
            }
            pthread_sigmask(SIG_SETMASK, &previous, nil)
        }
        var offset = 0
        while offset < bytes.count {
            let count = Glibc.write(fd, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
            if count < 0 {
                if errno == EINTR { continue }
                brokenPipe = errno == EPIPE
                throw error("writing", what)
            }
            offset += count
        }
    }

    /// Writes all of `bytes` at `offset` of a regular file (pwrite; the file offset stays).
    static func write(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, at offset: Int64, what: String) throws(OSIError) {
        try positioned(bytes.count, at: offset, "writing", what) { done, position in
            pwrite(fd, bytes.baseAddress.map { $0 + done }, bytes.count - done, position)
        }
    }

    /// Fills all of `buffer` from `offset` of a regular file (pread); a file shorter than
    /// that is an `.io` error.
    static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, at offset: Int64, what: String) throws(OSIError) {
        try positioned(buffer.count, at: offset, "reading", what) { done, position in
            pread(fd, buffer.baseAddress.map { $0 + done }, buffer.count - done, position)
        }
    }

    /// Bytes of a file that will not be read again: Linux starts writing them to disk
    /// without waiting (so a later fsync has less left to do) and drops them from the page
    /// cache once clean (POSIX_FADV_DONTNEED). A hint; failures are ignored.
    static func doneWith(_ fd: Int32, at offset: Int64, length: Int64) {
        _ = posix_fadvise(fd, off_t(offset), off_t(length), POSIX_FADV_DONTNEED)
    }

    /// Runs `call(done, position)` until `count` bytes moved from `offset` on, retrying EINTR.
    private static func positioned(_ count: Int, at offset: Int64, _ action: String, _ what: String,
                                   _ call: (Int, off_t) -> Int) throws(OSIError) {
        var done = 0
        while done < count {
            let moved = call(done, off_t(offset) + off_t(done))
            if moved < 0 {
                if errno == EINTR { continue }
                throw error(action, what)
            }
            guard moved > 0 else { throw OSIError(.io, "\(action) \(what): the file ended at byte \(offset + Int64(done))") }
            done += moved
        }
    }

    /// A stream socket connected to the Unix socket at `path`.
    static func connectUnixSocket(_ path: String) throws(OSIError) -> Int32 {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard bytes.count < capacity else { throw OSIError(.io, "connecting to \(path): the socket path is too long") }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw error("making a socket for", path) }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard connected == 0 else {
            let failure = error("connecting to", path)
            close(fd)
            throw failure
        }
        return fd
    }

    /// The file status of an open descriptor.
    static func status(_ fd: Int32, what: String) throws(OSIError) -> stat {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw error("examining", what) }
        return info
    }

    /// Whether a mode describes a regular file / a directory.
    static func isRegular(_ info: stat) -> Bool { info.st_mode & S_IFMT == S_IFREG }
    static func isDirectory(_ info: stat) -> Bool { info.st_mode & S_IFMT == S_IFDIR }

    /// The directory part of a path ("." for a bare name, "/" for "/x").
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let head = path[..<slash]
        return head.isEmpty ? "/" : String(head)
    }

    /// The last component of a path.
    static func baseName(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }
}
