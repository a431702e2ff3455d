import Glibc
import Testing
@testable import OSImageCore

/// Answers no real Glance gives, from the fault server: redirects, links to other origins,
/// endless pagination, long Retry-After, trickles. Each must end quickly with a clear status.
@Suite struct HostileServerTests {
    typealias Response = FaultServer.Response

    static func redirect(_ status: Int) -> Response {
        Response(status: status, headers: [("Location", "http://elsewhere.example:1/v2/images/x")])
    }

    // MARK: - Redirects

    @Test(arguments: [301, 302, 303, 304, 307, 308])
    func aRedirectIsAnErrorWithItsStatusAndLocation(status: Int) throws {
        let server = try FaultServer { request, _ in
            request.path == "/" ? .notFound : Self.redirect(status)
        }
        defer { server.stop() }
        let client = try server.client()
        let calls: [(String, () throws -> Void)] = [
            ("delete_image", { try client.deleteImage(Hostile.imageID, ignoreMissing: false) }),
            ("add_tag", { try client.addTag(Hostile.imageID, "t") }),
            ("deactivate_image", { try client.deactivateImage(Hostile.imageID) }),
            ("get_image", { _ = try client.getImage(Hostile.imageID) }),
        ]
        for (name, call) in calls {
            let (error, _) = Hostile.timed(call)
            let failure = try #require(error, "\(name) answered \(status) must not be OK")
            #expect(failure.code == .http, "\(name)")
            #expect(failure.httpStatus == status, "\(name)")
            #expect(failure.message.contains("http://elsewhere.example:1/v2/images/x"), "\(name): \(failure.message)")
        }
        #expect(!server.requests.contains { $0.path.contains("elsewhere") })
    }

    @Test(arguments: [302, 304])
    func aRedirectedDownloadIsAnErrorAndWritesNothing(status: Int) throws {
        let image = #"{"id": "\#(Hostile.imageID)", "status": "active", "os_hash_algo": "sha512", "os_hash_value": "\#(String(repeating: "ab", count: 64))"}"#
        let server = try FaultServer { request, _ in
            if request.path == "/v2/images/\(Hostile.imageID)" {
                return Response(status: 200, headers: [("Content-Type", "application/json")], body: Array(image.utf8))
            }
            return request.path.hasSuffix("/file") ? Self.redirect(status) : .notFound
        }
        defer { server.stop() }
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let (error, _) = Hostile.timed {
            _ = try server.client().downloadImage(Hostile.imageID, to: try DataSink.file(path: scratch.file("x.raw")))
        }
        let failure = try #require(error)
        #expect(failure.code == .http)
        #expect(failure.httpStatus == status)
        #expect(scratch.entries.isEmpty)
    }

    // MARK: - One origin

    @Test func aForeignNextLinkIsRebasedOntoTheEndpoint() throws {
        let foreign = try FaultServer { _, _ in Hostile.page("foreign") }
        defer { foreign.stop() }
        let foreignURL = foreign.url
        let server = try FaultServer { request, _ in
            guard request.path.hasPrefix("/v2/images") else { return .notFound }
            if Hostile.marker(request.path) == "" {
                return Hostile.page("a", next: .string("\(foreignURL)/v2/images?marker=a-0&limit=1"))
            }
            return Hostile.page("b")
        }
        defer { server.stop() }
        let items = try server.client().images(query: nil).collect()
        #expect(items.compactMap { $0["id"]?.string } == ["a-0", "b-0"])
        #expect(foreign.requests.isEmpty, "nothing goes to the origin the server named")
        #expect(server.requests.contains { $0.path == "/v2/images?marker=a-0&limit=1" }, "path and query kept")
    }

    @Test func aForeignLinkInTheVersionDocumentIsNotContacted() throws {
        let foreign = try FaultServer { _, _ in .notFound }
        defer { foreign.stop() }
        let foreignURL = foreign.url
        let server = try FaultServer { request, _ in
            if request.path == "/" {
                let versions = #"{"versions": [{"id": "v2.9", "status": "CURRENT", "links": [{"rel": "self", "href": "\#(foreignURL)/v2/"}]}]}"#
                return Response(status: 300, headers: [("Content-Type", "application/json")], body: Array(versions.utf8))
            }
            return request.path.hasPrefix("/v2/images/") ? .json(.object(["id": .string(Hostile.imageID)])) : .notFound
        }
        defer { server.stop() }
        let client = try server.client()
        #expect(client.endpoint.baseURL == server.url + "/v2")
        #expect(client.endpoint.maxMinorVersion == 9, "the 300 version document is read")
        _ = try client.getImage(Hostile.imageID)
        #expect(foreign.requests.isEmpty)
    }

    @Test func theTokenNeverGoesToAForeignNextOrigin() throws {
        let foreign = try FaultServer { _, _ in Hostile.page("foreign") }
        defer { foreign.stop() }
        let foreignURL = foreign.url
        let glance = try FaultServer { request, _ in
            guard request.path.hasPrefix("/v2/images") else { return .notFound }
            return Hostile.marker(request.path) == ""
                ? Hostile.page("a", next: .string("\(foreignURL)/v2/images?marker=a-0")) : Hostile.page("b")
        }
        defer { glance.stop() }
        let glanceURL = glance.url
        let keystone = try FaultServer { _, _ in Hostile.tokenResponse(token: "gAAAAA-the-token-value", glance: glanceURL) }
        defer { keystone.stop() }
        let items = try Hostile.client(Hostile.keystoneOptions(keystone.url)).images(query: nil).collect()
        #expect(items.count == 2)
        #expect(foreign.requests.isEmpty)
        #expect(glance.requests.filter { $0.path.hasPrefix("/v2/images") }.allSatisfy { $0.headers["x-auth-token"] == "gAAAAA-the-token-value" })
    }

    // MARK: - Pagination

    @Test func aNextCycleEndsTheListWithAnError() throws {
        // a -> b -> a: markers m1, m2, m1.
        let server = try FaultServer { request, _ in
            switch Hostile.marker(request.path) {
            case "": return Hostile.page("p0", next: .string("/v2/images?marker=m1"))
            case "m1": return Hostile.page("p1", next: .string("/v2/images?marker=m2"))
            default: return Hostile.page("p2", next: .string("/v2/images?marker=m1&limit=5"))
            }
        }
        defer { server.stop() }
        let (error, seconds) = Hostile.timed { _ = try server.client().images(query: nil).collect() }
        let failure = try #require(error)
        #expect(failure.code == .internal)
        #expect(failure.message.contains("marker"))
        #expect(seconds < 5)
        #expect(server.requests.count <= 4)
    }

    @Test func anEmptyPageWithNextEndsTheListWithAnError() throws {
        let server = try FaultServer { request, index in
            let document = JSON.object(["images": .array([]), "next": .string("/v2/images?marker=new\(index)")])
            return request.path == "/" ? .notFound : .json(document)
        }
        defer { server.stop() }
        let (error, seconds) = Hostile.timed { _ = try server.client().images(query: nil).collect() }
        let failure = try #require(error)
        #expect(failure.code == .internal)
        #expect(failure.message.contains("empty page"))
        #expect(seconds < 5)
    }

    @Test func moreThanMaxPagesEndsTheListFindAndCreate() throws {
        // Every page has one item and a fresh marker: a listing without end.
        let server = try FaultServer { request, index in
            if request.path.hasPrefix("/v2/images?") || request.path == "/v2/images" {
                return Hostile.page("i\(index)", next: .string("/v2/images?marker=i\(index)-0"), name: "dup")
            }
            return .notFound
        }
        defer { server.stop() }
        let client = try server.client(extra: ["max_pages": .int(7)])
        let before = server.requests.count
        let (listError, _) = Hostile.timed { _ = try client.images(query: nil).collect() }
        #expect(try #require(listError).message.contains("max_pages"))
        #expect(server.requests.count - before == 7)

        let (findError, findSeconds) = Hostile.timed { _ = try client.findImage("dup", ignoreMissing: true) }
        #expect(try #require(findError).code == .internal)
        #expect(findSeconds < 10)

        var options = CreateImageOptions()
        options.md5 = String(repeating: "0", count: 32)
        let (createError, createSeconds) = Hostile.timed { _ = try client.createImage(name: "dup", options: options) }
        #expect(try #require(createError).message.contains("max_pages"))
        #expect(createSeconds < 10)
        #expect(!server.requests.contains { $0.method == "POST" }, "no image is created after a broken duplicate check")
    }

    // MARK: - Deadlines

    @Test func apiTimeoutBoundsAWholeFind() throws {
        // Each page takes 0.3 s and names a new marker: only the call's deadline can stop it.
        let server = try FaultServer { request, index in
            guard request.path.hasPrefix("/v2/images") else { return .notFound }
            if !request.path.hasPrefix("/v2/images?") { return .notFound }
            Clock.sleep(seconds: 0.3)
            return Hostile.page("i\(index)", next: .string("/v2/images?marker=i\(index)-0"), name: "slow")
        }
        defer { server.stop() }
        let client = try server.client(extra: ["api_timeout": .real(1.5)])
        let (error, seconds) = Hostile.timed { _ = try client.findImage("slow", ignoreMissing: true) }
        #expect(try #require(error).code == .timeout)
        #expect(seconds < 3, "one deadline for every page of the find: \(seconds) s")
    }

    @Test func aRetryAfterBeyondTheDeadlineOrTheCapFailsAtOnce() throws {
        let server = try FaultServer { request, _ in
            let wait = request.path.contains("cap") ? "100" : request.path.contains("date") ? "Fri, 31 Dec 2100 23:59:59 GMT" : "100000"
            return Response(status: 503, headers: [("Retry-After", wait), ("Content-Type", "application/json")],
                            body: Array(#"{"message": "busy"}"#.utf8))
        }
        defer { server.stop() }
        let client = try server.client(retries: 3, extra: ["api_timeout": .int(5)])
        for path in ["deadline", "cap", "date"] {
            let (error, seconds) = Hostile.timed { _ = try client.getImage(path) }
            let failure = try #require(error)
            #expect(failure.httpStatus == 503, "\(path): the server's status")
            #expect(failure.code == .http)
            #expect(seconds < 2, "\(path): no wait (\(seconds) s)")
        }
        // A short Retry-After within the deadline is still honoured.
        let short = try FaultServer { _, index in
            index < 2 ? Response(status: 503, headers: [("Retry-After", "1")]) : .json(.object(["id": .string("x")]))
        }
        defer { short.stop() }
        let (error, seconds) = Hostile.timed { _ = try short.client(retries: 3, extra: ["api_timeout": .int(5)]).getImage("x") }
        #expect(error == nil)
        #expect(seconds >= 1)
    }

    @Test func aTrickleFailsTheMinimumRateOfADownload() throws {
        let image = #"{"id": "\#(Hostile.imageID)", "status": "active"}"#
        let server = try FaultServer { request, _ in
            if request.path == "/v2/images/\(Hostile.imageID)" {
                return Response(status: 200, headers: [("Content-Type", "application/json")], body: Array(image.utf8))
            }
            guard request.path.hasSuffix("/file") else { return .notFound }
            var response = Response(status: 200, headers: [("Content-Type", "application/octet-stream")],
                                    body: [UInt8](repeating: 7, count: 200))
            response.trickle = 0.1
            return response
        }
        defer { server.stop() }
        let client = try server.client(extra: ["min_transfer_rate": .int(1000), "min_transfer_rate_time": .int(2)])
        let (error, seconds) = Hostile.timed {
            _ = try client.downloadImage(Hostile.imageID, to: DataSink.writer { _ in true })
        }
        let failure = try #require(error, "one byte per 0.1 s must not hold the download for 20 s")
        #expect(failure.code == .timeout)
        #expect(failure.message.contains("min_transfer_rate"))
        #expect(seconds < 6)
    }

    @Test func metadataCallsHaveADefaultDeadline() throws {
        let server = try FaultServer { _, _ in .notFound }
        defer { server.stop() }
        #expect(try server.client().session.apiTimeout == Limits.defaultAPITimeout)
        let trickle = try FaultServer { request, _ in
            var response = Response.json(.object(["id": .string("x"), "name": .string(String(repeating: "n", count: 100))]))
            if request.path != "/" { response.trickle = 0.2 }
            return response
        }
        defer { trickle.stop() }
        let (error, seconds) = Hostile.timed { _ = try trickle.client(extra: ["api_timeout": .int(1)]).getImage("x") }
        #expect(try #require(error).code == .timeout)
        #expect(seconds < 3)
    }
}
