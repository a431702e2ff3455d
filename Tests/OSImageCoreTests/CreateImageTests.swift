import Glibc
import Testing
@testable import OSImageCore

/// create_image against the real Glance: every option group, duplicates, waiting, and the
/// image deleted whenever something fails after it was created.
@Suite struct CreateImageTests {
    private func options(_ json: JSON) throws -> CreateImageOptions { try CreateImageOptions.from(json) }

    @Test func metadataOnlyKeepsTypesAndStringsCustomProperties() throws {
        let client = try Stack.running(.noauth).client()
        let name = uniqueName("meta")
        let image = try client.createImage(name: name, options: options(.object([
            "allow_duplicates": .bool(true), "min_disk": .int(5), "is_protected": .bool(false), "os_hidden": .bool(false),
            "custom": .int(5), "flag": .bool(true), "tags": .strings(["t1", "t2"]), "properties": .object(["p1": .int(2)]),
            "meta": .object(["x_meta": .string("raw")]), "visibility": .string("private"),
        ])))
        defer { client.removeImages([image]) }
        #expect(image["name"]?.string == name)
        #expect(image["status"]?.string == "queued")
        #expect(image["min_disk"]?.int == 5 && image["protected"]?.bool == false)
        #expect(image["custom"]?.string == "5" && image["flag"]?.string == "true" && image["p1"]?.string == "2")
        #expect(image["x_meta"]?.string == "raw")
        #expect(Set(image["tags"]?.stringArray ?? []) == ["t1", "t2"])
        #expect(image["disk_format"]?.string == "raw" && image["container_format"]?.string == "bare")
        #expect(image["owner_specified.openstack.object"]?.string == "images/\(name)")
        #expect(image["owner_specified.openstack.md5"]?.string == "")
    }

    @Test func aFileNamesTheImageIsUploadedWaitedForAndValidated() throws {
        let client = try Stack.running(.noauth).client()
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let base = uniqueName("file")
        let data = randomBytes(700_000)
        let path = try scratch.write(base + ".img", data)
        let image = try client.createImage(name: nil, options: options(.object([
            "filename": .string(path), "wait": .bool(true), "validate_checksum": .bool(true), "interval": .real(0.3),
        ])))
        defer { client.removeImages([image]) }
        #expect(image["name"]?.string == base)
        #expect(image["status"]?.string == "active")
        #expect(image["size"]?.int == Int64(data.count))
        #expect(image["owner_specified.openstack.md5"]?.string == (try hexDigest(.md5, data)))
        #expect(image["owner_specified.openstack.sha256"]?.string == (try hexDigest(.sha256, data)))
        #expect(image["checksum"]?.string == (try hexDigest(.md5, data)))
    }

    @Test func duplicatesAreFoundByNameAndHashUnlessAllowed() throws {
        let client = try Stack.running(.noauth).client()
        let name = uniqueName("dup")
        let data = randomBytes(300_000)
        var made: [JSON] = []
        defer { client.removeImages(made) }
        let first = try withMemorySource(data) { try client.createImage(name: name, options: CreateImageOptions(), source: $0) }
        made.append(first)
        let again = try withMemorySource(data) { try client.createImage(name: name, options: CreateImageOptions(), source: $0) }
        #expect(again["id"]?.string == first["id"]?.string, "same name and data: the existing image")

        let other = try withMemorySource(randomBytes(300_000)) {
            try client.createImage(name: name, options: CreateImageOptions(), source: $0)
        }
        made.append(other)
        #expect(other["id"]?.string != first["id"]?.string, "different data: a new image")

        let allowed = try withMemorySource(data) {
            try client.createImage(name: name, options: options(.object(["allow_duplicates": .bool(true)])), source: $0)
        }
        made.append(allowed)
        #expect(allowed["id"]?.string != first["id"]?.string)

        // A read-once source is hashed as it uploads; its hashes are recorded afterwards, and
        // a later call that gives the md5 finds it.
        let streamedName = uniqueName("dup-stream")
        let streamed = try client.createImage(name: streamedName, options: CreateImageOptions(),
                                              source: DataSource.reader(size: nil, ArrayReader(data).read))
        made.append(streamed)
        #expect(streamed["owner_specified.openstack.md5"]?.string == (try hexDigest(.md5, data)))
        #expect(streamed["owner_specified.openstack.sha256"]?.string == (try hexDigest(.sha256, data)))
        let found = try client.createImage(name: streamedName, options: options(.object(["md5": .string(try hexDigest(.md5, data))])),
                                           source: DataSource.reader(size: nil, ArrayReader(data).read))
        #expect(found["id"]?.string == streamed["id"]?.string)
    }

    @Test func glanceDirectImportIntoStores() throws {
        let client = try Stack.running(.noauth).client()
        let data = randomBytes(400_000)
        var made: [JSON] = []
        defer { client.removeImages(made) }
        let slow = try withMemorySource(data) {
            try client.createImage(name: uniqueName("stores"), options: options(.object([
                "stores": .strings(["slow"]), "wait": .bool(true), "interval": .real(0.3), "validate_checksum": .bool(true),
            ])), source: $0)
        }
        made.append(slow)
        #expect(slow["status"]?.string == "active" && slow["stores"]?.string == "slow")
        let all = try withMemorySource(data) {
            try client.createImage(name: uniqueName("all-stores"), options: options(.object([
                "all_stores": .bool(true), "all_stores_must_succeed": .bool(true), "wait": .bool(true),
                "interval": .real(0.3), "allow_duplicates": .bool(true),
            ])), source: $0)
        }
        made.append(all)
        #expect(Set((all["stores"]?.string ?? "").split(separator: ",").map(String.init)) == ["fast", "slow"])
    }

    @Test func anImportAsksForTheImportMethodsOnce() throws {
        let recorder = LogRecorder()
        let client = try Stack.running(.noauth).client(log: recorder.log)
        let image = try withMemorySource(randomBytes(30_000)) {
            try client.createImage(name: uniqueName("import-once"), options: options(.object([
                "use_import": .bool(true), "wait": .bool(true), "interval": .real(0.3), "allow_duplicates": .bool(true),
            ])), source: $0)
        }
        defer { client.removeImages([image]) }
        #expect(image["status"]?.string == "active")
        #expect(recorder.count(containing: "/v2/info/import") == 1)
    }

    @Test func webDownloadAndGlanceDownloadFetchTheirOwnData() throws {
        let stack = try Stack.running(.noauth)
        let client = try stack.client()
        let data = rawBytes(250_000)
        let file = try WebFile(stack, bytes: data)
        defer { file.remove() }
        var made: [JSON] = []
        defer { client.removeImages(made) }
        let web = try client.createImage(name: uniqueName("web"), options: options(.object([
            "import_method": .string("web-download"), "uri": .string(file.url), "wait": .bool(true),
            "interval": .real(0.3), "md5": .string(try hexDigest(.md5, data)), "validate_checksum": .bool(true),
        ])))
        made.append(web)
        #expect(web["status"]?.string == "active" && web["size"]?.int == Int64(data.count))

        let remote = try client.createImage(name: uniqueName("remote"), options: options(.object([
            "import_method": .string("glance-download"), "remote_region": .string("RegionTwo"),
            "remote_image_id": .string(try #require(web["id"]?.string)), "remote_service_interface": .string("public"),
            "wait": .bool(true), "interval": .real(0.3), "allow_duplicates": .bool(true),
        ])))
        made.append(remote)
        #expect(remote["status"]?.string == "active")
        #expect(remote["checksum"]?.string == web["checksum"]?.string)
    }

    @Test func contradictionsAreRefusedBeforeAnyImageExists() throws {
        let client = try Stack.running(.noauth).client()
        let name = uniqueName("refused")
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = try scratch.write("x.raw", randomBytes(10))
        let bad: [(JSON, DataSource?)] = [
            (.object(["stores": .strings(["fast"]), "all_stores": .bool(true)]), nil),
            (.object(["import_method": .string("copy-image")]), nil),
            (.object(["import_method": .string("web-download")]), nil),
            (.object(["import_method": .string("web-download"), "uri": .string("http://127.0.0.1/x")]), try DataSource.file(path: path)),
            (.object(["use_import": .bool(true)]), nil),
            (.object(["use_import": .bool(false), "stores": .strings(["slow"])]), nil),
            (.object(["uri": .string("http://127.0.0.1/x")]), nil),
            (.object(["filename": .string(path)]), try DataSource.file(path: path)),
            (.object(["validate_checksum": .bool(true)]), nil),
            (.object(["size": .int(5)]), nil),
            (.object(["min_disk": .string("5")]), nil),
            (.object(["wait": .string("yes")]), nil),
        ]
        for (json, source) in bad {
            let error = try #require(throws: OSIError.self, "\(json.text)") {
                try client.createImage(name: name, options: try CreateImageOptions.from(json), source: source)
            }
            #expect(error.code == .invalidArgument, "\(json.text): \(error.message)")
        }
        #expect(try client.imagesNamed(name).isEmpty)
    }

    @Test func aFailureAfterTheRecordExistsDeletesIt() throws {
        let stack = try Stack.running(.noauth)
        let client = try stack.client()
        // Random bytes declared qcow2: Glance 33 answers 415 to the upload.
        let mismatch = uniqueName("mismatch")
        let error = try #require(throws: OSIError.self) {
            try withMemorySource(randomBytes(100_000)) {
                try client.createImage(name: mismatch, options: options(.object(["disk_format": .string("qcow2")])), source: $0)
            }
        }
        #expect(error.httpStatus == 415)
        #expect(error.message.contains("was deleted"))
        #expect(try client.imagesNamed(mismatch).isEmpty)

        // A web-download of a missing URL: the wait fails fast with the task's reason.
        let missing = uniqueName("missing-url")
        let started = Clock.monotonic()
        let failed = try #require(throws: OSIError.self) { () throws in
            try client.createImage(name: missing, options: options(.object([
                "import_method": .string("web-download"), "uri": .string(try stack["OSI_WEB_URL"] + "/" + uniqueName("none")),
                "wait": .bool(true), "interval": .real(0.3), "timeout": .int(120),
            ])))
        }
        #expect(failed.code == .taskFailed)
        #expect(Clock.monotonic() - started < 60)
        #expect(try client.imagesNamed(missing).isEmpty)
    }

    @Test func diskFormatIsGuessedFromTheNameOrTheData() throws {
        #expect(DiskFormat.byName("/a/cirros.QCOW2") == "qcow2")
        #expect(DiskFormat.byName("http://h/x.iso") == "iso")
        #expect(DiskFormat.byName("noext") == nil)
        #expect(DiskFormat.byMagic([0x51, 0x46, 0x49, 0xFB, 0, 0, 0, 3]) == "qcow2")
        #expect(DiskFormat.byMagic(randomBytes(512).map { $0 == 0x51 ? 0 : $0 }) == nil)
    }
}
