import Glibc

/// The few file-system calls the configuration loader needs, on libc (no Foundation).
enum ConfigFile {
    /// The largest configuration file read (1 MiB); anything bigger is surely not one.
    static let maximumSize = 1 << 20

    /// Whether anything exists at `path` (the test openstacksdk makes with `os.path.exists`).
    static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    /// The whole file at `path`; failures are `.config` errors naming the path and the reason.
    static func read(_ path: String) throws(OSIError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure(path, "cannot open") }
        defer { close(descriptor) }
        var contents: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure(path, "cannot read")
            }
            if count == 0 { return contents }
            contents += chunk[..<count]
            guard contents.count <= maximumSize else {
                throw OSIError(.config, "\(path): larger than \(maximumSize >> 20) MiB, not a configuration file")
            }
        }
    }

    /// The current working directory, nil when it cannot be read (it was removed, say).
    static func currentDirectory() -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        return buffer.withUnsafeMutableBufferPointer { bytes -> String? in
            guard let base = bytes.baseAddress, getcwd(base, bytes.count) != nil else { return nil }
            return String(cString: base)
        }
    }

    /// `path` with a leading `~` (alone or before `/`) replaced by `home`, as Python's
    /// `os.path.expanduser` does for the current user; other paths are returned unchanged.
    static func expandingTilde(_ path: String, home: String?) -> String {
        guard let home, path == "~" || path.hasPrefix("~/") else { return path }
        return home + path.dropFirst()
    }

    /// A `.config` error for the current `errno`.
    private static func failure(_ path: String, _ action: String) -> OSIError {
        OSIError(.config, "\(path): \(action): \(String(cString: strerror(errno)))")
    }
}
