import Glibc
import Synchronization
@testable import OSImageCore

// Helpers every test target uses (both import this module through their Exports.swift).
// Declarations here are `package`: a helper added to this folder needs `package` too.

/// A failure of the test fixture (a stack, a server, a file), not of the code under test.
package struct StackError: Error, CustomStringConvertible {
    package let description: String
    package init(_ description: String) { self.description = description }
}

/// Collects log lines from any thread, for tests that look at the requests made.
package final class LogRecorder: Sendable {
    private let lines = Mutex<[String]>([])

    package init() {}

    package var log: RequestLog {
        RequestLog(level: .debug) { [self] _, line in
            lines.withLock { $0.append(line) }
            return true
        }
    }

    package var recorded: [String] { lines.withLock { $0 } }

    package func count(containing text: String) -> Int { recorded.filter { $0.contains(text) }.count }
}

/// The whole file at `path` as text, or nil.
package func readFile(_ path: String) -> String? {
    readBytes(path).map { String(decoding: $0, as: UTF8.self) }
}

/// The whole file at `path`, or nil.
package func readBytes(_ path: String) -> [UInt8]? {
    guard let file = fopen(path, "r") else { return nil }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let count = fread(&buffer, 1, buffer.count, file)
        if count <= 0 { break }
        bytes += buffer[0..<count]
    }
    return bytes
}

/// A name no other test run uses, so tests can share one Glance.
package func uniqueName(_ prefix: String) -> String {
    var generator = SystemRandomNumberGenerator()
    return prefix + "-" + String(generator.next() & 0xFFFF_FFFF_FFFF, radix: 16)
}

/// The error `body` throws, or nil when it returns.
package func thrownError<Result>(_ body: () throws(OSIError) -> Result) -> OSIError? {
    do {
        _ = try body()
        return nil
    } catch {
        return error
    }
}
