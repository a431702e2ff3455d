import Synchronization
import Testing
@testable import OSImageCore

/// Connecting to the real stack: auth types, catalog, version discovery, failures.
@Suite struct ConnectionTests {
    @Test func noauthUsesTheEndpointOverrideAndDiscoversV2() throws {
        let stack = try Stack.running(.noauth)
        let client = try stack.client()
        #expect(client.endpoint.baseURL == (try stack.glanceURL) + "/v2")
        #expect(client.endpoint.versions.contains("v2.0"))
        #expect((client.endpoint.maxMinorVersion ?? 0) >= 16)
        #expect(try client.session.tokenDetails == nil)
    }

    @Test func passwordAuthFindsTheImageEndpointInTheCatalog() throws {
        let stack = try Stack.running(.keystone)
        let client = try stack.client(cloud: "osi-demo")
        #expect(client.endpoint.baseURL == (try stack.glanceURL) + "/v2")
        let token = try #require(try client.session.tokenDetails)
        #expect(token.projectID == (try stack["OSI_DEMO_PROJECT_ID"]))
        #expect(token.expiresAt.map { $0 > Clock.wallClock() } == true)
        _ = try client.images(query: nil).next()
    }

    @Test func applicationCredentialAuthWorks() throws {
        let stack = try Stack.running(.keystone)
        let client = try stack.client(cloud: "osi-demo-appcred")
        #expect(try client.session.tokenDetails?.projectID == (try stack["OSI_DEMO_PROJECT_ID"]))
        _ = try client.importInfo()
    }

    @Test func tokenAuthRescopesAnExistingToken() throws {
        let stack = try Stack.running(.keystone)
        let password = try stack.client(cloud: "osi-demo")
        let token = try #require(try password.session.tokenDetails)
        let base = try CloudConfigLoader.load(options: stack.options(cloud: "osi-demo"), environment: Environment([:]))
        var config = base
        config.authType = .token
        config.auth.password = nil
        config.auth.token = token.value
        let client = try ImageClient(config: config)
        #expect(try client.session.tokenDetails?.projectID == token.projectID)
        _ = try client.schema(.image)
    }

    @Test func aWrongPasswordIsAnAuthError() throws {
        let stack = try Stack.running(.keystone)
        let options = try stack.options(cloud: "osi-demo", extra: ["auth": .object(["password": .string("wrong-password")])])
        let config = try CloudConfigLoader.load(options: options, environment: Environment([:]))
        let error = try #require(throws: OSIError.self) { try ImageClient(config: config) }
        #expect(error.code == .auth)
        #expect(error.httpStatus == 401)
        #expect(!error.message.contains("wrong-password"))
        #expect(!error.description.contains("wrong-password"))
    }

    @Test func anUnknownCloudIsAConfigError() throws {
        let stack = try Stack.running(.keystone)
        let error = try #require(throws: OSIError.self) {
            try CloudConfigLoader.load(options: stack.options(cloud: "no-such-cloud"), environment: Environment([:]))
        }
        #expect(error.code == .config)
        #expect(error.message.contains("no-such-cloud"))
    }

    @Test func anUnreachableEndpointIsATransportError() throws {
        let options = JSON.object(["auth_type": .string("none"), "endpoint": .string("http://127.0.0.1:9"),
                                   "connect_retries": .int(0)])
        let config = try CloudConfigLoader.load(options: options, environment: Environment([:]))
        let error = try #require(throws: OSIError.self) { try ImageClient(config: config) }
        #expect(error.code == .transport)
        #expect(error.url == "http://127.0.0.1:9/")
    }

    @Test func theLogHasOneLinePerRequest() throws {
        let stack = try Stack.running(.keystone)
        let recorder = LogRecorder()
        let client = try stack.client(cloud: "osi-demo", log: recorder.log)
        _ = try client.schema(.images)
        let lines = recorder.recorded
        let tokenLine = "POST \(try stack["OSI_KEYSTONE_URL"])/v3/auth/tokens -> 201"
        #expect(lines.contains { $0.hasPrefix(tokenLine) })
        let schemaLine = "GET \(try stack.glanceURL)/v2/schemas/images -> 200 ("
        #expect(lines.contains { $0.hasPrefix(schemaLine) && $0.contains("req-") })
    }

    /// No secret of the stack (read from its files, not assumed) and no token reaches the
    /// debug log, whichever way a cloud authenticates, rightly or with a wrong password.
    @Test func noSecretOrTokenReachesTheLog() throws {
        let stack = try Stack.running(.keystone)
        let secrets = try stack.secrets
        // osi-admin, osi-demo, osi-alt passwords, the application credential's secret, Glance's.
        #expect(secrets.count >= 5)
        let recorder = LogRecorder()
        var tokens: [String] = []
        for cloud in ["osi-demo", "osi-admin", "osi-alt", "osi-demo-appcred"] {
            let client = try stack.client(cloud: cloud, log: recorder.log)
            _ = try client.schema(.images)
            tokens.append(try #require(try client.session.tokenDetails).value)
        }
        let wrong = try stack.options(cloud: "osi-demo", extra: ["auth": .object(["password": .string("wrong-secret")])])
        let config = try CloudConfigLoader.load(options: wrong, environment: Environment([:]))
        _ = try? ImageClient(config: config, log: recorder.log)
        let lines = recorder.recorded
        #expect(lines.count >= 9)
        for secret in secrets + tokens + ["wrong-secret"] {
            let leaks = lines.filter { $0.contains(secret) }
            #expect(leaks.isEmpty, "\(secret.prefix(3))... is in the log: \(leaks)")
        }
    }

    /// A token header value kept its CRLF once, which cut every keystone POST's body off.
    @Test func keystoneRequestsKeepTheirBodyAndRequestIDsTheirShape() throws {
        let client = try Stack.running(.keystone).client(cloud: "osi-demo")
        let image = try client.seedImage(["name": .string(uniqueName("keystone-post"))])
        defer { client.removeImages([image]) }
        #expect(image["name"]?.string?.hasPrefix("keystone-post") == true)
        let error = try #require(throws: OSIError.self) { try client.getImage("00000000-0000-0000-0000-000000000000") }
        let requestID = try #require(error.requestID)
        #expect(!requestID.contains("\r") && !requestID.contains("\n"))
    }

    @Test func aRevokedTokenIsReplacedOnceAfterA401() throws {
        let stack = try Stack.running(.keystone)
        let recorder = LogRecorder()
        let client = try stack.client(cloud: "osi-demo", log: recorder.log)
        let token = try #require(try client.session.tokenDetails)
        // Revoke the client's token with an admin token: the next call gets a 401.
        let admin = try stack.client(cloud: "osi-admin")
        let adminToken = try #require(try admin.session.tokenDetails)
        let revoke = HTTPRequest(method: .delete, url: "\(try stack["OSI_KEYSTONE_URL"])/v3/auth/tokens",
                                 headers: [("X-Auth-Token", adminToken.value), ("X-Subject-Token", token.value)])
        #expect(try admin.session.http.perform(revoke).status == 204)
        _ = try client.importInfo()
        #expect(recorder.count(containing: "/v2/info/import -> 401") == 1)
        #expect(recorder.count(containing: "/v2/info/import -> 200") == 1)
        #expect(recorder.count(containing: "/v3/auth/tokens -> 201") == 2)
        #expect(try client.session.tokenDetails?.value != token.value)
    }

    @Test func aTokenCloseToItsExpiryIsReplacedBeforeTheRequest() throws {
        let stack = try Stack.running(.keystone)
        let recorder = LogRecorder()
        let config = try CloudConfigLoader.load(options: stack.options(cloud: "osi-demo"), environment: Environment([:]))
        // Keystone's tokens here live a day: with a margin of two days each is "about to expire".
        let session = try Session(config: config, log: recorder.log, tokenRefreshMargin: 2 * 86_400)
        let first = try #require(try session.tokenDetails)
        // A bare session contacts only the origins it was given (ImageClient gives its endpoint's).
        let url = session.trust("\(try stack.glanceURL)/v2/schemas/image")
        _ = try session.send(HTTPRequest(method: .get, url: url))
        #expect(recorder.count(containing: "/v3/auth/tokens -> 201") >= 3)
        #expect(recorder.count(containing: "/v2/schemas/image -> 401") == 0)
        #expect(try session.tokenDetails?.value != first.value)

        // With the default margin the token is kept.
        let steady = LogRecorder()
        let kept = try Session(config: config, log: steady.log)
        _ = kept.trust(url)
        for _ in 0..<3 { _ = try kept.send(HTTPRequest(method: .get, url: url)) }
        #expect(steady.count(containing: "/v3/auth/tokens -> 201") == 1)
    }

    /// Eight OS threads (pthreads: blocking calls on the cooperative pool would run about two
    /// at a time on a 2-core machine) share one client, and their calls really overlap.
    @Test func oneClientServesManyThreads() throws {
        let stack = try Stack.running(.noauth)
        let client = try stack.client()
        let image = try client.seedImage(["name": .string(uniqueName("threads"))])
        defer { client.removeImages([image]) }
        let id = try #require(image["id"]?.string)
        let tally = CallTally()
        try onThreads(8) { _ in
            for _ in 0..<10 {
                tally.enter()
                let got = (try? client.getImage(id))?["id"]?.string
                tally.leave(ok: got == id)
            }
        }
        #expect(tally.counts.ok == 80)
        #expect(tally.counts.mostAtOnce > 2)
    }
}

/// Counts calls made from many threads: how many answered right, and most in flight at once.
private final class CallTally: Sendable {
    private let state = Mutex<(inFlight: Int, mostAtOnce: Int, ok: Int)>((0, 0, 0))

    func enter() {
        state.withLock { value in
            value.inFlight += 1
            value.mostAtOnce = max(value.mostAtOnce, value.inFlight)
        }
    }

    func leave(ok: Bool) {
        state.withLock { value in
            value.inFlight -= 1
            if ok { value.ok += 1 }
        }
    }

    var counts: (ok: Int, mostAtOnce: Int) { state.withLock { ($0.ok, $0.mostAtOnce) } }
}
