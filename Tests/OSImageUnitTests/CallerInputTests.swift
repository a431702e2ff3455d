import CJansson
import Glibc
import Testing
@testable import OSImageCore

/// Issue 8, item 1, 2 and 4: every number, URL, string and JSON object a caller (C options,
/// OS_* variables, clouds.yaml) hands in goes through one validation layer; nothing traps,
/// nothing grows without bound, nothing reaches a header unchecked.
@Suite struct CallerInputTests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory()
    }

    private let noAuth = #""auth_type": "none", "endpoint": "http://127.0.0.1:9/v2""#

    // MARK: - Numbers

    @Test(arguments: ["1e16", "1e300", "9223372036854775807", "9.223372036854775808e18", #""1e300""#, "-1", "0", #""nan""#])
    func timeoutsOutOfRangeAreConfigErrorsNamingKeyAndRange(value: String) throws {
        for key in ["connect_timeout", "api_timeout", "stall_timeout"] {
            let error = try #require(try loadError("{\(noAuth), \"\(key)\": \(value)}", in: directory), "\(key)=\(value)")
            #expect(error.code == .config, "\(key)=\(value): \(error.message)")
            #expect(error.message.contains(key), "\(error.message)")
            #expect(error.message.contains("31536000"), "\(error.message)")
        }
    }

    @Test func timeoutsInRangeAreKept() throws {
        let config = try loadConfig("{\(noAuth), \"connect_timeout\": 31536000, \"api_timeout\": \"2.5\", \"stall_timeout\": 0.5}",
                                    in: directory)
        #expect(config.connectTimeout == 31_536_000 && config.apiTimeout == 2.5 && config.stallTimeout == 0.5)
    }

    @Test func timeoutsFromTheEnvironmentAreRangeChecked() throws {
        for (variable, value) in [("OS_CONNECT_TIMEOUT", "1e300"), ("OS_API_TIMEOUT", "9223372036854775808"),
                                  ("OS_API_TIMEOUT", "1e16"), ("OS_CONNECT_TIMEOUT", "inf")] {
            let search = directory.search([variable: value, "OS_AUTH_TYPE": "none", "OS_ENDPOINT": "http://127.0.0.1:9"])
            let error = try #require(thrownError { () throws(OSIError) in try CloudConfigLoader.loadFromEnvironment(search: search) })
            #expect(error.code == .config, "\(variable)=\(value): \(error.message)")
            #expect(error.message.contains(variable), "\(error.message)")
        }
    }

    @Test func timeoutsFromCloudsYAMLAreRangeChecked() throws {
        try directory.write("cwd/clouds.yaml", """
            clouds:
              big:
                auth_type: none
                endpoint: http://127.0.0.1:9
                api_timeout: 1e300
            """)
        let error = try #require(try loadError(#"{"cloud": "big"}"#, in: directory))
        #expect(error.code == .config && error.message.contains("api_timeout") && error.message.contains("31536000"), "\(error.message)")
    }

    @Test(arguments: ["101", "1e9", "-1", "9223372036854775807"])
    func retryCountsOutOfRangeAreConfigErrors(value: String) throws {
        for key in ["connect_retries", "image_status_code_retries", "status_code_retries"] {
            let error = try #require(try loadError("{\(noAuth), \"\(key)\": \(value)}", in: directory))
            #expect(error.code == .config && error.message.contains(key) && error.message.contains("100"), "\(error.message)")
        }
    }

    @Test func waitIntervalsAndTimeoutsAreRangeChecked() throws {
        #expect(throws: OSIError.self) { try Poller(timeout: .infinity, interval: 1e300, progress: nil) }
        #expect(throws: OSIError.self) { try Poller(timeout: .infinity, interval: 3601, progress: nil) }
        #expect(throws: OSIError.self) { try Poller(timeout: .nan, interval: 1, progress: nil) }
        #expect(throws: OSIError.self) { try Poller(timeout: 1, interval: .nan, progress: nil) }
        #expect(throws: OSIError.self) { try Poller(timeout: 1e300, interval: 1, progress: nil) }
        #expect(throws: OSIError.self) { try Poller(timeout: -1, interval: 1, progress: nil) }
        let forever = try Poller(timeout: .infinity, interval: 3600, progress: nil)
        #expect(forever.timeout == .infinity && forever.interval == 3600)
        let error = thrownError { () throws(OSIError) in try Poller(timeout: .infinity, interval: 1e300, progress: nil) }
        #expect(error?.code == .invalidArgument && error?.message.contains("interval") == true
            && error?.message.contains("3600") == true, "\(error?.message ?? "")")
        let createOptions = try options(#"{"wait": true, "poll_interval": 1e300}"#)
        let created = thrownError { () throws(OSIError) in try CreateImageOptions.from(createOptions) }
        #expect(created?.code == .invalidArgument && created?.message.contains("poll_interval") == true)
    }

    @Test func downloadRangesCannotOverflow() throws {
        let range = try options(#"{"offset": 9223372036854775807, "length": 2}"#)
        let error = thrownError { () throws(OSIError) in try DownloadOptions.from(range) }
        #expect(error?.code == .invalidArgument && error?.message.contains("offset") == true, "\(error?.message ?? "none")")
        let last = try DownloadOptions.from(options(#"{"offset": 9223372036854775806, "length": 1}"#))
        #expect(last.rangeHeader == "bytes=9223372036854775806-9223372036854775806")
        #expect(throws: OSIError.self) { try DownloadOptions.from(options(#"{"stall_timeout": 1e300}"#)) }
    }

    /// A transport handed absurd numbers directly (not through the loader) saturates them
    /// instead of trapping in Int(Double).
    @Test func transportSaturatesHugeTimeouts() throws {
        let server = try FaultServer { _, _ in .json(.object(["ok": .bool(true)])) }
        defer { server.stop() }
        var options = TransportOptions()
        options.connectTimeout = 1e300
        options.apiTimeout = 9.3e18
        options.stallTimeout = 1e300
        let client = try HTTPClient(options: options)
        let response = try client.perform(HTTPRequest(method: .get, url: server.url + "/"))
        #expect(response.status == 200)
    }

    // MARK: - URLs

    @Test(arguments: ["http://127.0.0.1:9/glance?x=1", "http://127.0.0.1:9/glance#top", "http:///v2", "glance.example",
                      "http://", "ftp://host/v2", "http://host/a b", "http://host/\r\nX: y"])
    func endpointsWithQueryFragmentOrNoHostAreRefused(url: String) throws {
        let quoted = String(decoding: JSON.string(url).serialized(), as: UTF8.self)
        for key in ["endpoint", "image_endpoint_override"] {
            let error = try #require(try loadError(#"{"auth_type": "none", "\#(key)": \#(quoted)}"#, in: directory), "\(url)")
            #expect(error.code == .config && error.message.contains(key), "\(url): \(error.message)")
        }
        let auth = #"{"auth": {"auth_url": \#(quoted), "username": "u", "password": "p"}}"#
        let error = try #require(try loadError(auth, in: directory), "\(url)")
        #expect(error.code == .config && error.message.contains("auth_url"), "\(url): \(error.message)")
    }

    @Test func ordinaryEndpointsAreKept() throws {
        let config = try loadConfig(#"{"auth_type": "none", "endpoint": "https://[::1]:9292/image/v2/"}"#, in: directory)
        #expect(config.imageEndpointOverride == "https://[::1]:9292/image/v2/")
    }

    // MARK: - Strings

    @Test func invalidUTF8InOptionStringsIsRefused() throws {
        let options = JSON.object(["auth_type": .string("none"), "endpoint": .string("http://127.0.0.1:9")])
        let bad: [UInt8] = [0x61, 0xFF, 0xFE, 0x62]
        let value = bad.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { json_stringn_nocheck($0.baseAddress, buffer.count) }
        }
        json_object_set_new(options.pointer, "region_name", value)
        let error = try #require(thrownError { () throws(OSIError) in
            try CloudConfigLoader.load(options: options, search: directory.search())
        })
        #expect(error.code == .invalidArgument && error.message.contains("UTF-8"), "\(error.message)")
        // A key set with jansson's _nocheck setter from C may hold any bytes.
        let key = JSON.object(["auth_type": .string("none"), "endpoint": .string("http://127.0.0.1:9")])
        let rawKey: [CChar] = [0x61, CChar(bitPattern: 0xFF), 0]
        json_object_set_new_nocheck(key.pointer, rawKey, json_true())
        let keyError = thrownError { () throws(OSIError) in try CloudConfigLoader.load(options: key, search: directory.search()) }
        #expect(keyError?.code == .invalidArgument, "\(keyError?.message ?? "accepted")")
    }

    @Test(arguments: ["app\r\nX-Injected: 1", "app\n", "a\u{0}b", "tab\tbed", "bell\u{7}", "del\u{7F}"])
    func controlCharactersNeverReachAHeader(name: String) throws {
        let quoted = String(decoding: JSON.string(name).serialized(), as: UTF8.self)
        for key in ["app_name", "app_version"] {
            let error = try #require(try loadError("{\(noAuth), \"app_name\": \"ok\", \"\(key)\": \(quoted)}", in: directory), "\(key)")
            #expect(error.code == .config && error.message.contains(key), "\(error.message)")
        }
        let token = #"{"auth_type": "token", "auth": {"auth_url": "http://127.0.0.1:9/v3", "token": \#(quoted)}}"#
        let error = try #require(try loadError(token, in: directory))
        #expect(error.code == .config && error.message.contains("token"), "\(error.message)")
        #expect(!error.message.contains(name), "the token itself is never shown")
    }

    /// Found by the robustness suite: a 1 MiB image id (or tag, namespace...) went into the URL
    /// and libcurl refused the request as larger than its 1 MiB limit with CURLE_OUT_OF_MEMORY,
    /// so the caller got OSI_NO_MEMORY for a bad argument.
    @Test func overlongPathSegmentsAreInvalidArguments() throws {
        let longest = String(repeating: "a", count: 4096)
        #expect(try URLBuilder.segment(longest, what: "image id") == longest)
        for text in [longest + "a", String(repeating: "a", count: 1 << 20)] {
            let error = thrownError { () throws(OSIError) in _ = try URLBuilder.segment(text, what: "image id") }
            #expect(error?.code == .invalidArgument, "\(error?.message ?? "accepted")")
            #expect(error?.message.contains("image id") == true && error?.message.contains("4096") == true,
                    "\(error?.message ?? "accepted")")
        }
    }

    @Test func theTransportRefusesControlCharactersInAnyHeader() throws {
        let server = try FaultServer { _, _ in .json(.object(["ok": .bool(true)])) }
        defer { server.stop() }
        var options = TransportOptions()
        options.userAgent = "agent\r\nX-Evil: 1"
        let agent = try HTTPClient(options: options)
        let refused = thrownError { () throws(OSIError) in try agent.perform(HTTPRequest(method: .get, url: server.url + "/")) }
        #expect(refused?.code == .invalidArgument, "\(refused?.message ?? "sent")")
        let client = try HTTPClient(options: TransportOptions())
        let header = thrownError { () throws(OSIError) in
            try client.perform(HTTPRequest(method: .get, url: server.url + "/", headers: [("X-Auth-Token", "t\nX-Evil: 1")]))
        }
        #expect(header?.code == .invalidArgument, "\(header?.message ?? "sent")")
        #expect(server.requests.isEmpty)
    }

    /// Found by the robustness suite: a 1 MiB image name in osi_create_image or osi_find_image
    /// went into a query (?name=...) and libcurl refused the over-1-MiB request with
    /// CURLE_OUT_OF_MEMORY, so the caller got OSI_NO_MEMORY for a bad argument.
    @Test func anOverlongURLIsAnInvalidArgumentNotOutOfMemory() throws {
        let server = try FaultServer { _, _ in .json(.object(["ok": .bool(true)])) }
        defer { server.stop() }
        let client = try HTTPClient(options: TransportOptions())
        let url = URLBuilder.withQuery(server.url + "/v2/images", [("name", String(repeating: "a", count: 1 << 20))])
        let error = thrownError { () throws(OSIError) in try client.perform(HTTPRequest(method: .get, url: url)) }
        #expect(error?.code == .invalidArgument, "\(error?.message ?? "sent")")
        #expect(error?.message.contains("65536") == true, "\(error?.message ?? "sent")")
        #expect(server.requests.isEmpty)
        let fine = URLBuilder.withQuery(server.url + "/v2/images", [("name", String(repeating: "a", count: 4096))])
        #expect(try client.perform(HTTPRequest(method: .get, url: fine)).status == 200)
    }

    // MARK: - Bounded configuration

    /// The 1 KiB "billion laughs": nine anchored mappings of ten aliases each, used by the
    /// cloud entry and by its region's values.
    private static let billionLaughs: String = {
        var text = "a0: &a0 {k: v}\n"
        for level in 1...9 {
            let members = (0..<10).map { "m\($0): *a\(level - 1)" }.joined(separator: ", ")
            text += "a\(level): &a\(level) {\(members)}\n"
        }
        text += """
            clouds:
              laugh:
                auth_type: none
                endpoint: http://127.0.0.1:9
                region_name: r
                x: *a9
                regions:
                  - name: r
                    values: {x: *a9}
            """
        return text
    }()

    @Test func aBillionLaughsCloudsYAMLFailsFastWithFlatMemory() throws {
        #expect(Self.billionLaughs.utf8.count < 1100)
        try directory.write("cwd/clouds.yaml", Self.billionLaughs)
        let started = Clock.monotonic()
        let error = try #require(try loadError(#"{"cloud": "laugh"}"#, in: directory))
        #expect(Clock.monotonic() - started < 1.0)
        #expect(error.code == .config && error.message.contains("100000"), "\(error.message)")
    }

    @Test func optionsThatShareSubObjectsFailFast() throws {
        var level = JSON.object(["k": .string("v")])
        for _ in 1...9 {
            let next = JSON.object()
            for index in 0..<10 { next.set("m\(index)", level) }
            level = next
        }
        let options = try CallerInputTests.inlineOptions()
        options.set("x", level)
        options.set("regions", .array([.object(["name": .string("r"), "values": .object(["x": level])])]))
        let started = Clock.monotonic()
        let error = try #require(thrownError { () throws(OSIError) in
            try CloudConfigLoader.load(options: options, search: directory.search())
        })
        #expect(Clock.monotonic() - started < 1.0)
        #expect(error.code == .invalidArgument && error.message.contains("100000"), "\(error.message)")
    }

    @Test func deeplyNestedOrCyclicOptionsAreRefused() throws {
        let options = try CallerInputTests.inlineOptions()
        var deep = JSON.object()
        for _ in 0..<300 { deep = JSON.object(["d": deep]) }
        options.set("deep", deep)
        let error = thrownError { () throws(OSIError) in try CloudConfigLoader.load(options: options, search: directory.search()) }
        #expect(error?.code == .invalidArgument && error?.message.contains("256") == true, "\(error?.message ?? "none")")
    }

    @Test func anOversizedCloudsYAMLIsRefused() throws {
        let filler = "# " + String(repeating: "x", count: 1000) + "\n"
        try directory.write("cwd/clouds.yaml", String(repeating: filler, count: 1100) + "clouds: {}\n")
        let error = try #require(try loadError(#"{"cloud": "none"}"#, in: directory))
        #expect(error.code == .config && error.message.contains("1 MiB"), "\(error.message)")
    }

    private static func inlineOptions() throws -> JSON {
        JSON.object(["auth_type": .string("none"), "endpoint": .string("http://127.0.0.1:9"), "region_name": .string("r")])
    }
}
