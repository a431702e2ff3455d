import Glibc

/// The process environment as a value, so tests and callers can pass their own.
public struct Environment: Sendable {
    /// The variables by name.
    public var variables: [String: String]

    /// An environment with exactly these variables.
    public init(_ variables: [String: String]) {
        self.variables = variables
    }

    /// The real environment of this process (a snapshot of `environ` taken now).
    public static func current() -> Environment {
        var variables: [String: String] = [:]
        let start: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = environ
        guard var entry = start else { return Environment(variables) }
        while let pointer = entry.pointee {
            let line = String(cString: pointer)
            if let equals = line.firstIndex(of: "=") {
                let name = String(line[..<equals])
                if variables[name] == nil { variables[name] = String(line[line.index(after: equals)...]) }
            }
            entry += 1
        }
        return Environment(variables)
    }

    /// The value of the variable `name`, or nil when it is not set.
    public subscript(name: String) -> String? {
        variables[name]
    }

    /// The value of `name` when it is set and not empty (an exported empty variable counts as unset).
    func nonEmpty(_ name: String) -> String? {
        guard let value = variables[name], !value.isEmpty else { return nil }
        return value
    }

    /// $HOME, else the home directory of this user's passwd entry; nil when neither is known.
    public var homeDirectory: String? {
        if let home = nonEmpty("HOME") { return home }
        return Self.passwdHomeDirectory()
    }

    /// The home directory from the passwd entry of the real user id (thread-safe `getpwuid_r`).
    private static func passwdHomeDirectory() -> String? {
        var buffer = [CChar](repeating: 0, count: 16_384)
        return buffer.withUnsafeMutableBufferPointer { bytes -> String? in
            var entry = passwd()
            var result: UnsafeMutablePointer<passwd>?
            guard let base = bytes.baseAddress,
                  getpwuid_r(getuid(), &entry, base, bytes.count, &result) == 0,
                  result != nil, let directory = entry.pw_dir
            else { return nil }
            // pw_dir points into `bytes`, which is valid inside this closure.
            let home = String(cString: directory)
            return home.isEmpty ? nil : home
        }
    }
}
