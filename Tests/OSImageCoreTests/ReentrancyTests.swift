import Glibc
import Synchronization
import Testing
@testable import OSImageCore

/// Issue 8, item 5: callbacks (log, progress, read, write, wait) may call back into the same
/// connection, also while its token is being refreshed: no user code runs under a lock.
@Suite(.serialized) struct ReentrancyTests {
    /// Runs `body` once per thread at a time: a callback re-enters only from the outermost
    /// call, so a line logged by the nested call does not recurse forever.
    final class Once: @unchecked Sendable {
        // Sendable: `depth` is only touched under `lock`.
        private let lock = Mutex<Int>(0)
        let calls = Atomic<Int>(0)
        func run(_ body: () throws -> Void) rethrows {
            let outermost = lock.withLock { depth -> Bool in
                guard depth == 0 else { return false }
                depth += 1
                return true
            }
            guard outermost else { return }
            defer { lock.withLock { $0 -= 1 } }
            calls.add(1, ordering: .sequentiallyConsistent)
            try body()
        }
        var count: Int { calls.load(ordering: .sequentiallyConsistent) }
    }

    private func demoConfig(_ stack: Stack) throws -> CloudConfig {
        try CloudConfigLoader.load(options: stack.options(cloud: "osi-demo"), environment: Environment([:]))
    }

    /// The defect: the log callback ran inside the token lock while the token was refreshed,
    /// so a log callback calling into the same session trapped ("Recursive call to lock Mutex").
    @Test func logCallbackCallsTheSameSessionDuringATokenRefresh() throws {
        let stack = try Stack.running(.keystone)
        let glance = try stack.glanceURL
        let once = Once()
        let failures = Mutex<[String]>([])
        let holder = Mutex<Session?>(nil)
        let log = RequestLog(level: .debug) { _, line in
            guard line.contains("/auth/tokens") else { return true }
            once.run {
                guard let session = holder.withLock({ $0 }) else { return }
                do {
                    _ = try session.send(HTTPRequest(method: .get, url: glance + "/v2/images?limit=1"))
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }
            return true
        }
        // A margin longer than any token's life: every request refreshes the token first.
        let session = try Session(config: demoConfig(stack), log: nil, tokenRefreshMargin: 1e9)
        _ = session.trust(glance)  // a bare Session contacts only the origins it is told of
        holder.withLock { $0 = session }
        session.setLog(log)
        _ = try session.send(HTTPRequest(method: .get, url: glance + "/v2/images?limit=1"))
        #expect(once.count >= 1)
        #expect(failures.withLock { $0 }.isEmpty, "\(failures.withLock { $0 })")
        holder.withLock { $0 = nil }
    }

    /// Threads waiting for another thread's refresh still get its token, and none holds a
    /// lock while it logs.
    @Test func concurrentRefreshesWithAReenteringLog() throws {
        let stack = try Stack.running(.keystone)
        let glance = try stack.glanceURL
        let holder = Mutex<Session?>(nil)
        let once = Once()
        let session = try Session(config: demoConfig(stack), log: nil, tokenRefreshMargin: 1e9)
        _ = session.trust(glance)  // a bare Session contacts only the origins it is told of
        holder.withLock { $0 = session }
        session.setLog(RequestLog(level: .info) { _, _ in
            once.run { _ = try? holder.withLock({ $0 })?.send(HTTPRequest(method: .get, url: glance + "/v2/images?limit=1")) }
            return true
        })
        let errors = Mutex<[String]>([])
        try onThreads(4) { _ in
            for _ in 0..<3 {
                do { _ = try session.send(HTTPRequest(method: .get, url: glance + "/v2/images?limit=1")) } catch {
                    errors.withLock { $0.append("\(error)") }
                }
            }
        }
        #expect(errors.withLock { $0 }.isEmpty, "\(errors.withLock { $0 })")
        holder.withLock { $0 = nil }
    }

    /// Progress, read, write and wait callbacks each call the same client, with a token
    /// refresh forced before every request.
    @Test func everyCallbackKindCallsTheSameClient() throws {
        let stack = try Stack.running(.keystone)
        let client = try ImageClient(config: demoConfig(stack), tokenRefreshMargin: 1e9)
        let image = try client.seedImage(["name": .string(uniqueName("reenter"))])
        defer { client.removeImages([image]) }
        let id = try #require(image["id"]?.string)
        let data = randomBytes(300_000)
        let reentered = Atomic<Int>(0)
        func reenter() -> Bool {
            guard (try? client.getImage(id)) != nil else { return false }
            reentered.add(1, ordering: .sequentiallyConsistent)
            return true
        }

        let reader = ArrayReader(data)
        var readCalls = 0
        let source = try DataSource.reader(size: Int64(data.count)) { buffer in
            readCalls += 1
            if readCalls == 1 { _ = reenter() }
            return reader.read(buffer)
        }
        var progressCalls = 0
        _ = try client.uploadImage(id, source: source) { _, _ in
            progressCalls += 1
            return progressCalls == 1 ? reenter() : true
        }
        var received: [UInt8] = []
        let sink = DataSink.writer { chunk in
            if received.isEmpty { _ = reenter() }
            received += chunk
            return true
        }
        var downloadProgress = 0
        let result = try client.downloadImage(id, to: sink) { _, _ in
            downloadProgress += 1
            return downloadProgress == 1 ? reenter() : true
        }
        #expect(result.verified && received == data)
        let waited = try client.waitForImage(id, status: "active", timeout: 30, interval: 0.1) { _ in reenter() }
        #expect(waited?["status"]?.string == "active")
        #expect(reentered.load(ordering: .sequentiallyConsistent) >= 5)
    }
}
