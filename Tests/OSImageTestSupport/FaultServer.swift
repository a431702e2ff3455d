import Glibc
import Synchronization
@testable import OSImageCore

/// A tiny HTTP/1.1 server of the tests' own, on 127.0.0.1 and a thread, for the faults a real
/// Glance cannot be made to show: connections dropped mid-body, wrong checksums, stalls,
/// 503s. It serves one connection at a time and closes each after its answer; `respond`
/// decides every answer from the request and how many requests came before it.
package final class FaultServer: Sendable {
    package struct Request: Sendable {
        package let method: String
        package let path: String
        package let headers: [String: String]
        package let body: [UInt8]
    }

    package struct Response: Sendable {
        package var status: Int
        package var headers: [(String, String)] = []
        package var body: [UInt8] = []
        /// Close the connection after this many body bytes (a dropped download).
        package var dropAfter: Int?
        /// Stop sending for this many seconds after `stallAfter` body bytes.
        package var stallAfter: Int?
        package var stallSeconds = 0.0
        /// The Content-Length to announce instead of the body's (nil: the body's; -1: none,
        /// the body then ends when the connection closes).
        package var contentLength: Int?
        /// Send the body one byte per this many seconds.
        package var trickle: Double?
        /// Header lines sent as they are (may be huge or malformed), before the blank line.
        package var rawHeaders = ""
        /// After `body`, this many more bytes of `filler`, made as they are sent (a large body
        /// the server does not hold in memory).
        package var generated = 0
        package var filler: UInt8 = UInt8(ascii: " ")

        package init(status: Int, headers: [(String, String)] = [], body: [UInt8] = [], dropAfter: Int? = nil,
                     stallAfter: Int? = nil, stallSeconds: Double = 0.0, contentLength: Int? = nil,
                     trickle: Double? = nil, rawHeaders: String = "", generated: Int = 0,
                     filler: UInt8 = UInt8(ascii: " ")) {
            self.status = status
            self.headers = headers
            self.body = body
            self.dropAfter = dropAfter
            self.stallAfter = stallAfter
            self.stallSeconds = stallSeconds
            self.contentLength = contentLength
            self.trickle = trickle
            self.rawHeaders = rawHeaders
            self.generated = generated
            self.filler = filler
        }

        package static func json(_ document: JSON, status: Int = 200) -> Response {
            Response(status: status, headers: [("Content-Type", "application/json")], body: document.serialized())
        }
        package static let notFound = Response(status: 404, headers: [("Content-Type", "application/json")],
                                       body: Array(#"{"message": "not here"}"#.utf8))
    }

    private let listener: Int32
    package let port: Int
    private let respond: @Sendable (Request, Int) -> Response
    private let received = Mutex<[Request]>([])
    private let stopping = Atomic<Bool>(false)
    private let thread = Mutex<pthread_t?>(nil)

    /// Starts listening on a free port.
    package init(_ respond: @escaping @Sendable (Request, Int) -> Response) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw StackError("socket failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 16) == 0 else { close(fd); throw StackError("bind/listen failed") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        listener = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        self.respond = respond
        let context = Unmanaged.passRetained(self).toOpaque()
        var created = pthread_t()
        guard pthread_create(&created, nil, { context in
            guard let context else { return nil }
            let server = Unmanaged<FaultServer>.fromOpaque(context).takeRetainedValue()
            server.serve()
            return nil
        }, context) == 0 else {
            Unmanaged<FaultServer>.fromOpaque(context).release()
            close(fd)
            throw StackError("pthread_create failed")
        }
        thread.withLock { $0 = created }
    }

    /// The server's root URL.
    package var url: String { "http://127.0.0.1:\(port)" }

    /// Every request received so far.
    package var requests: [Request] { received.withLock { $0 } }

    /// Stops accepting and waits for the serving thread.
    package func stop() {
        stopping.store(true, ordering: .sequentiallyConsistent)
        shutdown(listener, Int32(SHUT_RDWR))
        if let running = thread.withLock({ value -> pthread_t? in defer { value = nil }; return value }) {
            pthread_join(running, nil)
        }
        close(listener)
    }

    /// A client of this server with auth type none and few, quick retries; `extra` options
    /// are laid over these.
    package func client(retries: Int = 2, extra: [String: JSON] = [:], log: RequestLog? = nil) throws -> ImageClient {
        let options = JSON.object(["auth_type": .string("none"), "auth": .object(["endpoint": .string(url)]),
                                   "image_endpoint_override": .string(url), "connect_retries": .int(Int64(retries)),
                                   "status_code_retries": .int(Int64(retries))])
        for (key, value) in extra { options.set(key, value) }
        return try ImageClient(config: CloudConfigLoader.load(options: options, environment: Environment([:])), log: log)
    }

    private var isStopping: Bool { stopping.load(ordering: .sequentiallyConsistent) }

    private func serve() {
        while !isStopping {
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else {
                if errno == EINTR { continue }
                return
            }
            handle(connection)
            close(connection)
        }
    }

    private func handle(_ connection: Int32) {
        var reader = SocketReader(fd: connection)
        guard let head = reader.readHead() else { return }
        let lines = head.split(separator: "\r\n", omittingEmptySubsequences: false).map(String.init)
        let parts = lines.first?.split(separator: " ").map(String.init) ?? []
        guard parts.count >= 2 else { return }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].asciiLowercased()] = String(line[line.index(after: colon)...].trimmingWhitespace())
        }
        var body: [UInt8] = []
        if let length = headers["content-length"].flatMap({ Int($0) }) {
            body = reader.read(count: length)
        } else if headers["transfer-encoding"]?.asciiLowercased() == "chunked" {
            body = reader.readChunked()
        }
        let request = Request(method: parts[0], path: parts[1], headers: headers, body: body)
        let index = received.withLock { list -> Int in
            list.append(request)
            return list.count - 1
        }
        send(respond(request, index), on: connection)
    }

    private func send(_ response: Response, on connection: Int32) {
        var head = "HTTP/1.1 \(response.status) Fault\r\nConnection: close\r\n"
        let length = response.contentLength ?? response.body.count + response.generated
        if length >= 0 { head += "Content-Length: \(length)\r\n" }
        for (name, value) in response.headers { head += "\(name): \(value)\r\n" }
        head += response.rawHeaders
        head += "\r\n"
        guard write(Array(head.utf8), to: connection) else { return }
        if let interval = response.trickle {
            for byte in response.body {
                guard !isStopping, write([byte], to: connection) else { return }
                Clock.sleep(seconds: interval)
            }
            return
        }
        if response.generated > 0 {
            guard write(response.body, to: connection) else { return }
            let block = [UInt8](repeating: response.filler, count: 1 << 20)
            var left = response.generated
            while left > 0, !isStopping {
                let count = min(left, block.count)
                guard write(Array(block[0..<count]), to: connection) else { return }
                left -= count
            }
            return
        }
        var offset = 0
        let cut = response.dropAfter ?? response.body.count
        if let stallAt = response.stallAfter {
            guard write(Array(response.body[0..<min(stallAt, cut)]), to: connection) else { return }
            offset = min(stallAt, cut)
            let until = Clock.monotonic() + response.stallSeconds
            while Clock.monotonic() < until && !isStopping { Clock.sleep(seconds: 0.05) }
        }
        _ = write(Array(response.body[offset..<cut]), to: connection)
    }

    private func write(_ bytes: [UInt8], to connection: Int32) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent <= 0 { return false }
            offset += sent
        }
        return true
    }
}

/// Buffered reads from a socket: the request head, then a counted or chunked body.
private struct SocketReader {
    let fd: Int32
    var buffer: [UInt8] = []

    mutating func fill() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = recv(fd, &chunk, chunk.count, 0)
        guard count > 0 else { return false }
        buffer += chunk[0..<count]
        return true
    }

    mutating func readHead() -> String? {
        let end: [UInt8] = [13, 10, 13, 10]
        while true {
            if let range = buffer.firstRange(of: end) {
                let head = String(decoding: buffer[..<range.lowerBound], as: UTF8.self)
                buffer.removeSubrange(..<range.upperBound)
                return head
            }
            guard fill() else { return nil }
        }
    }

    mutating func read(count: Int) -> [UInt8] {
        while buffer.count < count { guard fill() else { break } }
        let taken = Array(buffer.prefix(count))
        buffer.removeFirst(taken.count)
        return taken
    }

    mutating func readLine() -> String? {
        while true {
            if let range = buffer.firstRange(of: [13, 10] as [UInt8]) {
                let line = String(decoding: buffer[..<range.lowerBound], as: UTF8.self)
                buffer.removeSubrange(..<range.upperBound)
                return line
            }
            guard fill() else { return nil }
        }
    }

    mutating func readChunked() -> [UInt8] {
        var body: [UInt8] = []
        while let line = readLine(), let size = Int(line.split(separator: ";").first ?? "", radix: 16) {
            if size == 0 {
                _ = readLine()
                break
            }
            body += read(count: size)
            _ = readLine()
        }
        return body
    }
}
