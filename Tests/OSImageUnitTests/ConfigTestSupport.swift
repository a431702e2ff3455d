import Glibc
@testable import OSImageCore

/// A failure of the test fixture itself (not of the code under test).
struct FixtureError: Error, CustomStringConvertible {
    var description: String
}

/// A fresh directory under /tmp for one test; it and everything written through it are
/// removed when the value goes away.
final class TemporaryDirectory {
    /// The directory's absolute path.
    let path: String
    /// Files and directories created inside, in order of creation.
    private var created: [String] = []

    init() throws {
        var template = Array("/tmp/osimage-config-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.flatMap { mkdtemp($0) }.map { String(cString: $0) }
        }
        guard let made else { throw FixtureError(description: "mkdtemp failed: errno \(errno)") }
        path = made
    }

    deinit {
        for item in created.reversed() where unlink(item) != 0 { rmdir(item) }
        rmdir(path)
    }

    /// Writes `text` to `relative` (parent directories are created) and returns the full path.
    @discardableResult
    func write(_ relative: String, _ text: String) throws -> String {
        let full = path + "/" + relative
        var parent = path
        for component in relative.split(separator: "/").dropLast() {
            parent += "/" + component
            if mkdir(parent, 0o700) == 0 { created.append(parent) }
        }
        guard let file = fopen(full, "w") else { throw FixtureError(description: "cannot create \(full)") }
        let bytes = Array(text.utf8)
        let written = fwrite(bytes, 1, bytes.count, file)
        fclose(file)
        guard written == bytes.count else { throw FixtureError(description: "short write to \(full)") }
        created.append(full)
        return full
    }

    /// `relative` inside this directory (nothing is created).
    func subpath(_ relative: String) -> String {
        path + "/" + relative
    }

    /// An environment whose home is `<dir>/home` plus `extra`, so no real user file is read.
    func environment(_ extra: [String: String] = [:]) -> Environment {
        Environment(["HOME": subpath("home")].merging(extra) { _, new in new })
    }

    /// A file search confined to this directory: working directory `<dir>/cwd`, system
    /// directory `<dir>/etc`, home `<dir>/home`.
    func search(_ extra: [String: String] = [:]) -> ConfigFileSearch {
        ConfigFileSearch(environment: environment(extra), workingDirectory: subpath("cwd"), siteDirectory: subpath("etc"))
    }
}

/// Parses a JSON literal for options in tests.
func options(_ text: String) throws -> JSON {
    try JSON.parse(Array(text.utf8), what: "test options")
}

/// Loads inline or named options with files searched only inside `directory`.
func loadConfig(_ text: String, in directory: TemporaryDirectory, environment: [String: String] = [:]) throws -> CloudConfig {
    try CloudConfigLoader.load(options: options(text), search: directory.search(environment))
}

/// The error loading `text` gives, with files searched only inside `directory`.
func loadError(_ text: String, in directory: TemporaryDirectory, environment: [String: String] = [:]) throws -> OSIError? {
    let parsed = try options(text)
    return thrownError { () throws(OSIError) in try CloudConfigLoader.load(options: parsed, search: directory.search(environment)) }
}
