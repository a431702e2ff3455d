import Synchronization
import Testing
@testable import OSImageCore

/// import_image, wait_for_image and delete_image against the real Glance.
@Suite struct ImportWaitDeleteTests {
    @Test func webDownloadImportReachesActive() throws {
        let stack = try Stack.running(.noauth)
        let client = try stack.client()
        let file = try WebFile(stack, bytes: rawBytes(300_000))
        defer { file.remove() }
        let image = try client.seedImage(["name": .string(uniqueName("web"))])
        defer { client.removeImages([image]) }
        let id = try #require(image["id"]?.string)

        var options = ImportOptions()
        options.method = "web-download"
        options.uri = file.url
        try client.importImage(id, options)
        var polls = 0
        let active = try #require(try client.waitForImage(id, status: "active", timeout: 120, interval: 0.3) { _ in
            polls += 1
            return true
        })
        #expect(active["status"]?.string == "active")
        #expect(active["size"]?.int == 300_000)
        #expect(active["stores"]?.string == "fast")
        #expect(polls >= 1)
    }

    @Test func webDownloadOfAMissingURLFailsFastWithTheReason() throws {
        let stack = try Stack.running(.noauth)
        let client = try stack.client()
        let image = try client.seedImage(["name": .string(uniqueName("web-missing"))])
        defer { client.removeImages([image]) }
        let id = try #require(image["id"]?.string)

        var options = ImportOptions()
        options.method = "web-download"
        options.uri = try stack["OSI_WEB_URL"] + "/" + uniqueName("no-such-file")
        try client.importImage(id, options)
        let started = Clock.monotonic()
        let error = try #require(throws: OSIError.self) {
            try client.waitForImage(id, status: "active", timeout: 120, interval: 0.3)
        }
        #expect(error.code == .taskFailed)
        #expect(error.message.contains(id))
        #expect(error.message.contains("fast"))
        #expect(Clock.monotonic() - started < 60)
    }

    @Test func waitTimesOutWithTheLastStatusAndCanBeAborted() throws {
        let client = try Stack.running(.noauth).client()
        let image = try client.seedImage(["name": .string(uniqueName("queued"))])
        defer { client.removeImages([image]) }
        let id = try #require(image["id"]?.string)

        let started = Clock.monotonic()
        let timeout = try #require(throws: OSIError.self) { try client.waitForImage(id, status: "active", timeout: 0.5, interval: 0.2) }
        #expect(timeout.code == .timeout)
        #expect(timeout.message.contains("'queued'"))
        #expect((0.5..<10).contains(Clock.monotonic() - started))

        let aborted = try #require(throws: OSIError.self) {
            try client.waitForImage(id, status: "active", timeout: 60, interval: 0.2) { _ in false }
        }
        #expect(aborted.code == .aborted)
        for (timeoutValue, interval) in [(-1.0, 1.0), (Double.nan, 1.0), (1.0, -1.0), (1.0, Double.infinity)] {
            let bad = try #require(throws: OSIError.self) { try client.waitForImage(id, status: "active", timeout: timeoutValue, interval: interval) }
            #expect(bad.code == .invalidArgument)
        }
    }

    @Test func aWaitLeavesTheConnectionFreeForOtherThreads() async throws {
        let client = try Stack.running(.noauth).client()
        let image = try client.seedImage(["name": .string(uniqueName("busy"))])
        defer { client.removeImages([image]) }
        let id = try imageID(image)
        let stop = Mutex(false)
        let polls = Mutex(0)
        let waiter = Task.detached { () -> OSIError? in
            do throws(OSIError) {
                _ = try client.waitForImage(id, status: "active", timeout: 60, interval: 2) { _ in
                    polls.withLock { $0 += 1 }
                    return !stop.withLock { $0 }
                }
                return nil
            } catch {
                return error
            }
        }
        while polls.withLock({ $0 }) == 0 { try await Task.sleep(nanoseconds: 10_000_000) }
        // The waiter now sleeps 2 s between polls; calls on the same connection go on meanwhile.
        let started = Clock.monotonic()
        for _ in 0..<5 { #expect(try client.getImage(id)["status"]?.string == "queued") }
        #expect(Clock.monotonic() - started < 1.5)
        stop.withLock { $0 = true }
        #expect(await waiter.value?.code == .aborted)
    }

    @Test func deleteHonoursIgnoreMissingAndWaitSeesTheImageGo() throws {
        let client = try Stack.running(.noauth).client()
        let image = try client.seedImage(["name": .string(uniqueName("delete"))])
        let id = try #require(image["id"]?.string)

        try client.deleteImage(id, ignoreMissing: false)
        #expect(try client.waitForImage(id, status: "deleted", timeout: 30, interval: 0.2) == nil)
        try client.deleteImage(id, ignoreMissing: true)
        let missing = try #require(throws: OSIError.self) { try client.deleteImage(id, ignoreMissing: false) }
        #expect(missing.code == .notFound)
        #expect(missing.httpStatus == 404)
        let fromStore = try #require(throws: OSIError.self) { try client.deleteImage(id, store: "slow", ignoreMissing: false) }
        #expect(fromStore.code == .notFound)
        #expect(fromStore.url?.hasSuffix("/v2/stores/slow/\(id)") == true)
        try client.deleteImage(id, store: "slow", ignoreMissing: true)
        #expect((try #require(throws: OSIError.self) { try client.deleteImage("a/b", ignoreMissing: true) }).code == .invalidArgument)
    }

    @Test(arguments: [
        #"{"all_stores": true, "stores": ["fast"]}"#,
        #"{"all_stores": true, "store": "fast"}"#,
        #"{"store": "fast", "stores": ["slow"]}"#,
        #"{"method": "glance-direct", "uri": "http://127.0.0.1/x"}"#,
        #"{"method": "web-download"}"#,
        #"{"method": "copy-image", "remote_region": "RegionTwo"}"#,
        #"{"method": "glance-download", "remote_region": "RegionTwo"}"#,
        #"{"method": "glance-download", "remote_image_id": "00000000-0000-0000-0000-000000000000"}"#,
        #"{"method": "web-download", "import_method": "glance-direct", "uri": "http://127.0.0.1/x"}"#,
        #"{"method": 5}"#,
        #"{"stores": "fast"}"#,
        #"{"stores": ["fast", 1]}"#,
        #"{"all_stores": "yes"}"#,
        #"{"all_stores_must_succeed": 1}"#,
        #"{"uri": null, "stors": ["fast"]}"#,
        #"{"method": ""}"#,
        #"["glance-direct"]"#,
    ])
    func conflictingImportOptionsAreRefusedBeforeAnyRequest(options text: String) throws {
        let error = try #require(throws: OSIError.self) { try ImportOptions.from(JSON.parse(Array(text.utf8))) }
        #expect(error.code == .invalidArgument)
    }

    @Test func invalidOptionsNeverReachTheServer() throws {
        let recorder = LogRecorder()
        let client = try Stack.running(.noauth).client(log: recorder.log)
        let before = recorder.recorded.count
        var options = ImportOptions()
        options.method = "web-download"
        options.uri = "http://127.0.0.1/x"
        options.stores = ["fast"]
        options.allStores = true
        let error = try #require(throws: OSIError.self) { try client.importImage("00000000-0000-0000-0000-000000000000", options) }
        #expect(error.code == .invalidArgument)
        #expect(recorder.recorded.count == before)
    }

    @Test func importOptionsFromJSONBuildGlancesBody() throws {
        let text = #"{"import_method": "glance-download", "remote_region": "RegionTwo", "remote_image_id": "abc", "store": "slow", "all_stores_must_succeed": false}"#
        let options = try ImportOptions.from(JSON.parse(Array(text.utf8)))
        #expect(options.stores == ["slow"])
        #expect(options.body.text == #"{"method":{"name":"glance-download","glance_region":"RegionTwo","glance_image_id":"abc"},"stores":["slow"],"all_stores_must_succeed":false}"#)
        #expect(try ImportOptions.from(nil).body.text == #"{"method":{"name":"glance-direct"}}"#)
    }
}
