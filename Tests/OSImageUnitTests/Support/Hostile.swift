import Glibc
import Synchronization
@testable import OSImageCore

/// Helpers of the hostile-server tests: timing, peak memory, a fake Keystone.
enum Hostile {
    static let imageID = "11111111-2222-3333-4444-555555555555"

    /// Runs `body`, returning its error (nil when it succeeded) and the seconds it took.
    static func timed(_ body: () throws -> Void) -> (error: OSIError?, seconds: Double) {
        let started = Clock.monotonic()
        var failure: OSIError?
        do { try body() } catch let error as OSIError { failure = error } catch { failure = OSIError(.internal, "\(error)") }
        return (failure, Clock.monotonic() - started)
    }

    /// The process's peak resident set so far, in MiB (it only grows).
    static func peakRSSMiB() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
    }

    /// Resets the process's peak resident set (VmHWM) to its current size.
    static func resetPeakRSS() {
        guard let file = fopen("/proc/self/clear_refs", "w") else { return }
        fputs("5", file)
        fclose(file)
    }

    /// The peak resident set since the last `resetPeakRSS`, in MiB (VmHWM of /proc/self/status).
    static func peakRSSSinceResetMiB() -> Double {
        guard let file = fopen("/proc/self/status", "r") else { return 0 }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 256)
        while fgets(&line, Int32(line.count), file) != nil {
            let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if text.hasPrefix("VmHWM:") {
                let digits = text.dropFirst(6).filter { $0.isNumber }
                return (Double(String(digits)) ?? 0) / 1024
            }
        }
        return 0
    }

    /// The process's current resident set in MiB (from /proc/self/statm).
    static func currentRSSMiB() -> Double {
        guard let file = fopen("/proc/self/statm", "r") else { return 0 }
        defer { fclose(file) }
        var size = 0, resident = 0
        guard withUnsafeMutablePointer(to: &size, { s in withUnsafeMutablePointer(to: &resident) { r in
            withVaList([s, r]) { vfscanf(file, "%ld %ld", $0) } } }) == 2 else { return 0 }
        return Double(resident * Int(sysconf(Int32(_SC_PAGESIZE)))) / 1_048_576
    }

    /// A list page of `count` images with ids `prefix-0`... and `next` (any JSON) when given.
    static func page(_ prefix: String, count: Int = 1, next: JSON? = nil, name: String = "x") -> FaultServer.Response {
        let images = (0..<count).map { JSON.object(["id": .string("\(prefix)-\($0)"), "name": .string(name),
                                                    "status": .string("active")]) }
        let document = JSON.object(["images": .array(images)])
        if let next { document.set("next", next) }
        return .json(document)
    }

    /// The `marker` of a request path, "" without one.
    static func marker(_ path: String) -> String {
        guard let range = path.firstRange(of: "marker=") else { return "" }
        return String(path[range.upperBound...].prefix { $0 != "&" })
    }

    /// A token answer of a fake Keystone whose catalog points the image service at `glance`.
    static func tokenResponse(token: String, glance: String, expiresIn seconds: Double = 3600) -> FaultServer.Response {
        let expires = Clock.wallClock() + seconds
        var parts = tm()
        var time = time_t(expires)
        gmtime_r(&time, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let stamp = "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T"
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
        let catalog = JSON.array([.object(["type": .string("image"), "endpoints": .array([
            .object(["interface": .string("public"), "region_id": .string("RegionOne"), "url": .string(glance)]),
        ])])])
        var response = FaultServer.Response.json(.object(["token": .object([
            "expires_at": .string(stamp), "catalog": catalog,
            "project": .object(["id": .string("p")]), "user": .object(["id": .string("u")]),
        ])]), status: 201)
        response.headers.append(("X-Subject-Token", token))
        return response
    }

    /// Options of a password client of the fake Keystone at `keystone`.
    static func keystoneOptions(_ keystone: String, password: String = "hunter2-password") -> JSON {
        .object(["auth_type": .string("password"), "region_name": .string("RegionOne"),
                 "connect_retries": .int(0), "status_code_retries": .int(1),
                 "auth": .object(["auth_url": .string(keystone + "/v3"), "username": .string("demo"),
                                  "password": .string(password), "project_name": .string("demo"),
                                  "user_domain_name": .string("Default"), "project_domain_name": .string("Default")])])
    }

    static func client(_ options: JSON, log: RequestLog? = nil) throws -> ImageClient {
        try ImageClient(config: CloudConfigLoader.load(options: options, environment: Environment([:])), log: log)
    }
}

/// Log lines collected by a test.
final class LogLines: Sendable {
    private let lines = Mutex<[String]>([])
    var all: [String] { lines.withLock { $0 } }
    var log: RequestLog { RequestLog(level: .debug) { [self] _, line in lines.withLock { $0.append(line) }; return true } }
}
