import Glibc
import Synchronization
@testable import OSImageCore

/// A fake image served by the fault server with its data: the faults a real Glance cannot be
/// made to show (dropped connections, wrong checksums, stalls) for the unit and the stack tests.
package enum FakeImage {
    package static let imageID = "11111111-2222-3333-4444-555555555555"
    package static let data = randomBytes(1_500_000)

    /// A fake image whose metadata carries `fields` (hash fields), served with its data by
    /// `file`, which is told how many data requests came before; every other path is 404.
    package static func server(_ fields: KeyValuePairs<String, JSON>,
                       file: @escaping @Sendable (FaultServer.Request, Int) -> FaultServer.Response) throws -> FaultServer {
        let image = JSON.object(["id": .string(imageID), "status": .string("active"), "size": .int(Int64(data.count))])
        for (key, value) in fields { image.set(key, value) }
        let document = image.text
        let dataRequests = Counter()
        return try FaultServer { request, _ in
            if request.method == "GET" && request.path == "/v2/images/\(imageID)" {
                return .json((try? JSON.parse(Array(document.utf8))) ?? .object())
            }
            if request.path.hasPrefix("/v2/images/\(imageID)/file") { return file(request, dataRequests.next()) }
            return .notFound
        }
    }

    package static var sha512Fields: KeyValuePairs<String, JSON> {
        ["os_hash_algo": .string("sha512"), "os_hash_value": .string((try? hexDigest(.sha512, data)) ?? "")]
    }

    package static func dataResponse(_ body: [UInt8] = data) -> FaultServer.Response {
        FaultServer.Response(status: 200, headers: [("Content-Type", "application/octet-stream")], body: body)
    }

    /// A server that stops sending for 20 s after 100,000 bytes of data.
    package static func stallingServer() throws -> FaultServer {
        try server(sha512Fields) { _, _ in
            var response = dataResponse()
            response.stallAfter = 100_000
            response.stallSeconds = 20
            return response
        }
    }
}

/// Counts calls from any thread.
package final class Counter: Sendable {
    private let value = Mutex(0)

    /// The count before this call.
    package func next() -> Int { value.withLock { count in defer { count += 1 }; return count } }
}
