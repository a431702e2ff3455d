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

    /// Writes all of `bytes`.
    static func write(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, what: String) throws(OSIError) {
        var offset = 0
        while offset < bytes.count {
            let count = Glibc.write(fd, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
            if count < 0 {
                if errno == EINTR { continue }
                throw error("writing", what)
            }
            offset += count
        }
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
