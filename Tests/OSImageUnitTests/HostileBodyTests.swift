import Glibc
import Testing
@testable import OSImageCore

/// Hostile answers, part two: huge and malformed bodies and headers, wrong JSON types,
/// echoed secrets, endless 401s and expired tokens. Each ends quickly, in bounded memory,
/// with a clear status.
@Suite(.serialized) struct HostileBodyTests {
    typealias Response = FaultServer.Response

    // MARK: - Sizes

    /// A server answering every call but discovery with a JSON body of `size` bytes, made as
    /// it is sent, with its Content-Length announced or not.
    static func flood(_ size: Int, announced: Bool) throws -> FaultServer {
        try FaultServer { request, _ in
            guard request.path != "/" else { return .notFound }
            var response = Response(status: 200, headers: [("Content-Type", "application/json")], body: Array("[".utf8))
            response.generated = size
            if !announced { response.contentLength = -1 }
            return response
        }
    }

    /// Runs a get_image against `server` and checks it fails on max_response_size within
    /// `limit` seconds and `peakLimit` MiB of peak resident growth; prints the figures.
    static func expectRefused(_ server: FaultServer, extra: [String: JSON] = [:], what: String,
                              seconds limit: Double, peakMiB peakLimit: Double) throws {
        defer { server.stop() }
        Hostile.resetPeakRSS()
        let rssBefore = Hostile.currentRSSMiB()
        let (error, seconds) = Hostile.timed { _ = try server.client(extra: extra).getImage("x") }
        let failure = try #require(error)
        #expect(failure.code == .internal)
        #expect(failure.message.contains("max_response_size"))
        #expect(seconds < limit)
        let rssAfter = Hostile.currentRSSMiB()
        let peak = Hostile.peakRSSSinceResetMiB()
        print("hostile: \(what): \(seconds) s, RSS \(rssBefore) -> \(rssAfter) MiB, peak during the call \(peak) MiB")
        #expect(rssAfter - rssBefore < 64)
        #expect(peak - rssBefore < peakLimit, "peak \(peak) MiB from \(rssBefore) MiB")
    }

    @Test func aHugeJSONBodyFailsWithoutBeingRead() throws {
        // 2 GiB announced (and sent, made on the fly): refused at the header.
        try Self.expectRefused(Self.flood(2 << 30, announced: true), what: "2 GiB JSON body with Content-Length",
                               seconds: 5, peakMiB: 32)
    }

    @Test func aHugeJSONBodyWithoutLengthStopsAtTheLimit() throws {
        try Self.expectRefused(Self.flood(1 << 30, announced: false), extra: ["max_response_size": .int(4 << 20)],
                               what: "1 GiB JSON body, no length, limit 4 MiB", seconds: 10, peakMiB: 32)
    }

    @Test func aHugeJSONBodyWithoutLengthStopsAtTheDefaultLimit() throws {
        // What is kept stops at 64 MiB (plus the array's growth).
        try Self.expectRefused(Self.flood(1 << 30, announced: false), what: "1 GiB JSON body, no length, default limit 64 MiB",
                               seconds: 20, peakMiB: 64 + 96)
    }

    @Test func aHugeErrorBodyIsCutAndItsMessageIsShort() throws {
        let server = try FaultServer { request, _ in
            guard request.path != "/" else { return .notFound }
            var response = Response(status: 500, headers: [("Content-Type", "text/plain"), ("X-Openstack-Request-Id", "req-" + String(repeating: "r", count: 100))],
                                    body: Array("first words of a long story ".utf8))
            response.generated = 1 << 30
            response.filler = UInt8(ascii: "e")
            return response
        }
        defer { server.stop() }
        Hostile.resetPeakRSS()
        let rssBefore = Hostile.currentRSSMiB()
        let (error, seconds) = Hostile.timed { _ = try server.client(retries: 0).getImage("x") }
        let failure = try #require(error)
        #expect(failure.httpStatus == 500)
        #expect(failure.message.hasPrefix("first words"))
        #expect(failure.message.utf8.count <= Limits.messageSize + 64, "\(failure.message.utf8.count) bytes")
        #expect(failure.requestID == "req-" + String(repeating: "r", count: 100), "the request id in full")
        #expect(failure.url == server.url + "/v2/images/x")
        #expect(seconds < 5)
        let rssAfter = Hostile.currentRSSMiB()
        let peak = Hostile.peakRSSSinceResetMiB()
        print("hostile: 1 GiB error body: \(seconds) s, RSS \(rssBefore) -> \(rssAfter) MiB, peak during the call \(peak) MiB")
        #expect(rssAfter - rssBefore < 64)
        #expect(peak - rssBefore < 128, "peak \(peak) MiB from \(rssBefore) MiB")
    }

    @Test func aOneMebibyteErrorMessageIsCut() throws {
        let message = String(repeating: "m", count: 1 << 20)
        let server = try FaultServer { request, _ in
            request.path == "/" ? .notFound : .json(.object(["message": .string(message)]), status: 400)
        }
        defer { server.stop() }
        let (error, _) = Hostile.timed { _ = try server.client().getImage("x") }
        let failure = try #require(error)
        #expect(failure.httpStatus == 400)
        #expect(failure.message.utf8.count <= Limits.messageSize + 64)
    }

    @Test func cleaningEightyThousandLinesTakesLinearTime() throws {
        let lines = (0..<80_000).map { "line \($0)" }.joined(separator: "\n")
        let body = JSON.object(["message": .string(lines)]).serialized()
        let started = Clock.monotonic()
        let text = ServerMessage.extract(from: body, contentType: "application/json", fallback: "x")
        let seconds = Clock.monotonic() - started
        #expect(seconds < 1, "\(seconds) s")
        #expect(text.hasPrefix("line 0: line 1: "))
        let html = Array((0..<80_000).map { "<p>l\($0)</p>" }.joined(separator: "\n").utf8)
        let htmlStarted = Clock.monotonic()
        _ = ServerMessage.extract(from: html, contentType: "text/html", fallback: "x")
        #expect(Clock.monotonic() - htmlStarted < 1)
    }

    @Test func aHugeHeaderBlockIsRefused() throws {
        let server = try FaultServer { request, _ in
            guard request.path != "/" else { return .notFound }
            var response = Response.json(.object(["id": .string("x")]))
            response.rawHeaders = String(repeating: "X-Filler: " + String(repeating: "h", count: 1000) + "\r\n", count: 2000)
            return response
        }
        defer { server.stop() }
        let (error, seconds) = Hostile.timed { _ = try server.client().getImage("x") }
        #expect(try #require(error).message.contains("header block"))
        #expect(seconds < 5)
    }

    // MARK: - Malformed bodies

    @Test func truncatedWrongLengthInvalidAndNestedBodiesFailClearly() throws {
        let cases: [(String, Response)] = [
            ("truncated", { var r = Response.json(.object(["id": .string("x")])); r.contentLength = 1000; return r }()),
            ("short length", { var r = Response.json(.object(["id": .string("x"), "name": .string("long")])); r.contentLength = 5; return r }()),
            ("invalid", Response(status: 200, headers: [("Content-Type", "application/json")], body: Array(#"{"id": "x",,}"#.utf8))),
            ("nested", Response(status: 200, headers: [("Content-Type", "application/json")],
                                body: Array(String(repeating: "[", count: 200_000).utf8))),
            ("binary", Response(status: 200, body: [0, 0xFF, 0xFE, 0x80, 0x7B])),
        ]
        for (name, response) in cases {
            let server = try FaultServer { request, _ in request.path == "/" ? .notFound : response }
            defer { server.stop() }
            let (error, seconds) = Hostile.timed { _ = try server.client(retries: 0).getImage("x") }
            let failure = try #require(error, "\(name)")
            #expect([.internal, .transport].contains(failure.code), "\(name): \(failure)")
            #expect(seconds < 5, "\(name)")
        }
    }

    @Test func wrongJSONTypesInListsAreErrors() throws {
        let documents: [(String, String)] = [
            ("images not a list", #"{"images": {"id": "a"}}"#),
            ("images of numbers", #"{"images": [1, 2]}"#),
            ("next a number", #"{"images": [{"id": "a"}], "next": 5}"#),
            ("a list at the root", #"[{"id": "a"}]"#),
        ]
        for (name, text) in documents {
            let server = try FaultServer { request, _ in
                request.path == "/" ? .notFound : Response(status: 200, headers: [("Content-Type", "application/json")], body: Array(text.utf8))
            }
            defer { server.stop() }
            let (error, _) = Hostile.timed { _ = try server.client().images(query: nil).collect() }
            #expect(try #require(error, "\(name)").code == .internal, "\(name)")
        }
    }

    @Test func wrongJSONTypesInFieldsEndInBoundedTime() throws {
        // ids as numbers, size a string, status a list, hashes as numbers: each call ends
        // (with an error or a value), none hangs or crashes.
        let image = #"{"id": 12, "name": 7, "status": ["active"], "size": "big", "checksum": 5, "os_hash_algo": 1, "os_hash_value": [], "owner_specified.openstack.md5": 3}"#
        let server = try FaultServer { request, _ in
            if request.path == "/" { return .notFound }
            if request.path.hasPrefix("/v2/images?") {
                return Response(status: 200, headers: [("Content-Type", "application/json")], body: Array(#"{"images": [\#(image)]}"#.utf8))
            }
            if request.path.hasSuffix("/file") { return Response(status: 200, body: [1, 2, 3]) }
            if request.method == "POST" {
                return Response(status: 201, headers: [("Content-Type", "application/json")], body: Array(#"{"id": 5}"#.utf8))
            }
            return Response(status: 200, headers: [("Content-Type", "application/json")], body: Array(image.utf8))
        }
        defer { server.stop() }
        let client = try server.client()
        var options = CreateImageOptions()
        options.md5 = String(repeating: "0", count: 32)
        let calls: [(String, () throws -> Void)] = [
            ("find", { _ = try client.findImage("12", ignoreMissing: true) }),
            ("download", { _ = try client.downloadImage(Hostile.imageID, to: DataSink.writer { _ in true }) }),
            ("create", { _ = try client.createImage(name: "x", options: options) }),
            ("wait", { _ = try client.waitForImage(Hostile.imageID, status: "active", timeout: 1, interval: 0.2) }),
        ]
        for (name, call) in calls {
            let (error, seconds) = Hostile.timed(call)
            #expect(seconds < 5, "\(name): \(seconds) s")
            if let error { #expect(!error.message.isEmpty, "\(name)") }
        }
        let (createError, _) = Hostile.timed(calls[2].1)
        #expect(try #require(createError).code == .internal, "an id that is a number is no id")
    }

    // MARK: - Authentication

    @Test func unauthorizedForeverEndsAfterOneReauthentication() throws {
        let glance = try FaultServer { _, _ in Response(status: 401, body: Array("no".utf8)) }
        defer { glance.stop() }
        let glanceURL = glance.url
        let keystone = try FaultServer { _, index in Hostile.tokenResponse(token: "token-\(index)-value", glance: glanceURL) }
        defer { keystone.stop() }
        let options = Hostile.keystoneOptions(keystone.url)
        options.set("image_endpoint_override", .string(glanceURL))
        let (error, seconds) = Hostile.timed { _ = try Hostile.client(options).getImage("x") }
        #expect(try #require(error).code == .auth)
        #expect(seconds < 5)
        #expect(keystone.requests.count <= 3)
        #expect(glance.requests.count <= 4)

        let noAuth = try FaultServer { _, _ in Response(status: 401) }
        defer { noAuth.stop() }
        let (noAuthError, _) = Hostile.timed { _ = try noAuth.client().getImage("x") }
        #expect(try #require(noAuthError).code == .auth)
    }

    @Test func anAlreadyExpiredTokenIsAClearAuthError() throws {
        let glance = try FaultServer { _, _ in .json(.object(["id": .string("x")])) }
        defer { glance.stop() }
        let glanceURL = glance.url
        let keystone = try FaultServer { _, _ in Hostile.tokenResponse(token: "expired-token-value", glance: glanceURL, expiresIn: -3600) }
        defer { keystone.stop() }
        let (error, seconds) = Hostile.timed { _ = try Hostile.client(Hostile.keystoneOptions(keystone.url)).getImage("x") }
        let failure = try #require(error)
        #expect(failure.code == .auth)
        #expect(failure.message.contains("expired"))
        #expect(seconds < 5)
        #expect(keystone.requests.count == 1)
    }

    // MARK: - Secrets

    @Test func echoedTokensAndPasswordsAreMasked() throws {
        let token = "gAAAAABsecret-token-0123456789"
        let password = "hunter2-password"
        let glance = try FaultServer { request, _ in
            let echoed = request.headers["x-auth-token"] ?? "?"
            return .json(.object(["message": .string("bad token \(echoed) for you")]), status: 400)
        }
        defer { glance.stop() }
        let glanceURL = glance.url
        let keystone = try FaultServer { request, _ in
            if request.path.contains("refuse") || String(decoding: request.body, as: UTF8.self).contains("wrong-") {
                return .json(.object(["error": .object(["message": .string("password wrong-\(password) is wrong")])]), status: 401)
            }
            return Hostile.tokenResponse(token: token, glance: glanceURL)
        }
        defer { keystone.stop() }
        let lines = LogLines()
        let client = try Hostile.client(Hostile.keystoneOptions(keystone.url, password: password), log: lines.log)
        let (error, _) = Hostile.timed { _ = try client.getImage("x") }
        let failure = try #require(error)
        #expect(failure.httpStatus == 400)
        #expect(!failure.message.contains(token), "\(failure.message)")
        #expect(failure.message.contains("***"))

        let (authError, _) = Hostile.timed { _ = try Hostile.client(Hostile.keystoneOptions(keystone.url, password: "wrong-\(password)")) }
        let refused = try #require(authError)
        #expect(refused.code == .auth)
        #expect(!refused.message.contains(password), "\(refused.message)")
        #expect(!lines.all.contains { $0.contains(token) || $0.contains(password) })
    }

    @Test func credentialsInAConfiguredURLAreNeverShown() throws {
        let server = try FaultServer { request, _ in
            request.path == "/" ? .notFound : .json(.object(["message": .string("nope")]), status: 404)
        }
        defer { server.stop() }
        let secretURL = "http://someone:s3cret-pw@127.0.0.1:\(server.port)"
        let lines = LogLines()
        let options = JSON.object(["auth_type": .string("none"), "image_endpoint_override": .string(secretURL),
                                   "connect_retries": .int(0)])
        let client = try Hostile.client(options, log: lines.log)
        let (error, _) = Hostile.timed { _ = try client.getImage("x") }
        let failure = try #require(error)
        #expect(failure.code == .notFound)
        #expect(!(failure.url ?? "").contains("s3cret-pw"), "\(failure.url ?? "")")
        #expect(!failure.description.contains("s3cret-pw"))
        #expect(!lines.all.isEmpty)
        #expect(!lines.all.contains { $0.contains("s3cret-pw") }, "\(lines.all)")
        // The credentials still go to that origin as basic auth.
        #expect(server.requests.last?.headers["authorization"]?.hasPrefix("Basic ") == true)
    }

    @Test func credentialsInTheAuthURLAreNeverShown() throws {
        let keystone = try FaultServer { _, _ in .json(.object(["error": .object(["message": .string("who are you")])]), status: 401) }
        defer { keystone.stop() }
        let lines = LogLines()
        let options = Hostile.keystoneOptions("http://kuser:k3ystone-pw@127.0.0.1:\(keystone.port)")
        let (error, _) = Hostile.timed { _ = try Hostile.client(options, log: lines.log) }
        let failure = try #require(error)
        #expect(failure.code == .auth)
        #expect(!failure.description.contains("k3ystone-pw"), "\(failure.description)")
        #expect(!lines.all.isEmpty)
        #expect(!lines.all.contains { $0.contains("k3ystone-pw") }, "\(lines.all)")
        #expect(keystone.requests.first?.headers["authorization"]?.hasPrefix("Basic ") == true)
    }
}
