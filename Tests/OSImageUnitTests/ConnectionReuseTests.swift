import Glibc
import Synchronization
import Testing
@testable import OSImageCore

/// Issue 8, item 9: the curl share holds only DNS and TLS sessions (libcurl does not support
/// a shared connection cache under concurrent transfers); connections are still reused,
/// through the pool of easy handles that each keep their own.
@Suite(.serialized) struct ConnectionReuseTests {
    /// A keep-alive HTTP/1.1 server (Python's http.server; Glance and Keystone of the local
    /// stack close every connection, so they cannot show reuse).
    private func keepAliveServer() throws -> (ChildProcess, String) {
        let probe = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(probe, pointer, length) == 0 ? getsockname(probe, pointer, &length) : -1
            }
        }
        let port = Int(UInt16(bigEndian: address.sin_port))
        close(probe)
        let script = "import http.server as h; h.SimpleHTTPRequestHandler.protocol_version = 'HTTP/1.1'; "
            + "h.ThreadingHTTPServer(('127.0.0.1', \(port)), h.SimpleHTTPRequestHandler).serve_forever()"
        let child = try ChildProcess(["python3", "-c", script])
        let url = "http://127.0.0.1:\(port)/"
        let client = try HTTPClient(options: TransportOptions())
        for _ in 0..<100 {
            if (try? client.perform(HTTPRequest(method: .get, url: url)))?.status == 200 { return (child, url) }
            usleep(50_000)
        }
        child.terminate()
        throw StackError("the keep-alive server did not start")
    }

    @Test func sequentialRequestsReuseOneConnection() throws {
        let (server, url) = try keepAliveServer()
        defer { server.terminate() }
        let client = try HTTPClient(options: TransportOptions())
        var opened = 0
        for _ in 0..<20 {
            let response = try client.perform(HTTPRequest(method: .get, url: url))
            #expect(response.status == 200)
            opened += response.newConnections
        }
        #expect(opened == 1, "20 requests opened \(opened) connections")
    }

    @Test func concurrentThreadsReuseTheirHandlesConnections() throws {
        let (server, url) = try keepAliveServer()
        defer { server.terminate() }
        let client = try HTTPClient(options: TransportOptions())
        let opened = Atomic<Int>(0)
        let failures = Atomic<Int>(0)
        try onThreads(4) { _ in
            for _ in 0..<25 {
                do {
                    let response = try client.perform(HTTPRequest(method: .get, url: url))
                    opened.add(response.newConnections, ordering: .sequentiallyConsistent)
                    if response.status != 200 { failures.add(1, ordering: .sequentiallyConsistent) }
                } catch {
                    failures.add(1, ordering: .sequentiallyConsistent)
                }
            }
        }
        let total = opened.load(ordering: .sequentiallyConsistent)
        #expect(failures.load(ordering: .sequentiallyConsistent) == 0)
        // At most one connection per easy handle in use at once (4), plus the start-up probe's.
        #expect(total <= 5, "100 requests on 4 threads opened \(total) connections")
    }
}
