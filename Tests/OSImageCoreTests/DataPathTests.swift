import Glibc
import Synchronization
import Testing
@testable import OSImageCore

/// Issue 8, items 3 and 6: read-once sources (pipes, character devices) are read exactly
/// once and never rewound; output paths respect what is there (symlinks are followed,
/// devices and FIFOs written through, never replaced).
@Suite struct DataPathTests {
    private func queuedImage(_ client: ImageClient, _ prefix: String) throws -> (JSON, String) {
        let image = try client.seedImage(["name": .string(uniqueName(prefix))])
        return (image, try #require(image["id"]?.string))
    }

    /// `cat path` in a child process writing into a new pipe; returns the read end.
    private func pipeFromChild(catting path: String) throws -> (fd: Int32, child: pid_t) {
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { throw StackError("pipe failed") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, ends[1], 1)
        posix_spawn_file_actions_addclose(&actions, ends[0])
        var argv: [UnsafeMutablePointer<CChar>?] = [strdup("cat"), strdup(path), nil]
        defer { argv.forEach { free($0) } }
        var child: pid_t = 0
        let status = posix_spawnp(&child, "cat", &actions, nil, &argv, environ)
        close(ends[1])
        guard status == 0 else { throw StackError("could not start cat: \(status)") }
        return (ends[0], child)
    }

    private func reap(_ child: pid_t) {
        var status: Int32 = 0
        while waitpid(child, &status, 0) < 0 && errno == EINTR {}
    }

    // MARK: - Read-once sources (item 3)

    @Test(arguments: [false, true])
    func aPipeFedByAnotherProcessUploadsOnce(withSize: Bool) throws {
        let client = try Stack.running(.noauth).client()
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let data = randomBytes(2 * 1024 * 1024 + 3)
        let path = try scratch.write("piped.raw", data)
        let (fd, child) = try pipeFromChild(catting: path)
        defer { close(fd); reap(child) }
        let (image, id) = try queuedImage(client, "pipe")
        defer { client.removeImages([image]) }
        let source = try DataSource.descriptor(fd, size: withSize ? Int64(data.count) : nil)
        #expect(!source.isRewindable)
        let uploaded = try client.uploadImage(id, source: source, validateChecksum: true)
        #expect(uploaded["size"]?.int == Int64(data.count))
        #expect(uploaded["os_hash_value"]?.string == (try hexDigest(.sha512, data)))
        // Read once: a second call with the same source is refused, nothing is resent.
        let again = try client.seedImage(["name": .string(uniqueName("pipe-again"))])
        defer { client.removeImages([again]) }
        let second = thrownError { () throws(OSIError) in try client.uploadImage(again["id"]?.string ?? "", source: source) }
        #expect(second?.code == .invalidArgument && second?.message.contains("already read") == true)
    }

    @Test func aCharacterDeviceIsReadOnceAndNeverRewound() throws {
        let client = try Stack.running(.noauth).client()
        let (image, id) = try queuedImage(client, "chardev")
        defer { client.removeImages([image]) }
        let empty = try DataSource.file(path: "/dev/null")
        #expect(!empty.isRewindable)
        let uploaded = try client.uploadImage(id, source: empty)
        #expect(uploaded["size"]?.int == 0 && uploaded["status"]?.string == "active")

        let zero = open("/dev/zero", O_RDONLY)
        defer { close(zero) }
        let (image2, id2) = try queuedImage(client, "chardev-zero")
        defer { client.removeImages([image2]) }
        let sized = try DataSource.descriptor(zero, size: 1_000_000)
        #expect(!sized.isRewindable, "a character device can seek, but is not rewound")
        let zeros = try client.uploadImage(id2, source: sized)
        #expect(zeros["size"]?.int == 1_000_000)
        #expect(zeros["os_hash_value"]?.string == (try hexDigest(.sha512, [UInt8](repeating: 0, count: 1_000_000))))
    }

    /// A retry that would need the bytes again fails with the retriable error itself.
    @Test func aRetryThatNeedsAPipeAgainReturnsTheRetriableError() throws {
        let server = try FaultServer { request, _ in
            request.method == "PUT" ? FaultServer.Response(status: 503, headers: [("Content-Type", "application/json")],
                                               body: Array(#"{"message": "busy"}"#.utf8)) : .notFound
        }
        defer { server.stop() }
        let client = try server.client(retries: 3)
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = try scratch.write("busy.raw", randomBytes(100_000))
        let (fd, child) = try pipeFromChild(catting: path)
        defer { close(fd); reap(child) }
        let error = thrownError { () throws(OSIError) in
            try client.uploadImage("11111111-2222-3333-4444-555555555555", source: DataSource.descriptor(fd, size: nil))
        }
        #expect(error?.code == .http && error?.httpStatus == 503, "\(error?.message ?? "none")")
        #expect(server.requests.filter { $0.method == "PUT" }.count == 1)
    }

    // MARK: - Output paths (item 6)

    private func kind(_ path: String) -> mode_t {
        var info = stat()
        guard lstat(path, &info) == 0 else { return 0 }
        return info.st_mode & S_IFMT
    }

    /// A character device of our own with /dev/null's numbers, "null" in `scratch` (root only).
    private func privateNullDevice(in scratch: ScratchDirectory) throws -> String {
        var null = stat()
        guard stat("/dev/null", &null) == 0 else { throw StackError("no /dev/null") }
        let device = scratch.file("null")
        guard mknod(device, S_IFCHR | 0o600, null.st_rdev) == 0 else { throw StackError("mknod failed (tests run as root)") }
        return device
    }

    private func uploadedImage(_ client: ImageClient, _ data: [UInt8]) throws -> (JSON, String) {
        let (image, id) = try queuedImage(client, "outpath")
        _ = try withMemorySource(data) { try client.uploadImage(id, source: $0) }
        return (image, id)
    }

    @Test func aSymlinkIsFollowedAndStaysALink() throws {
        let client = try Stack.running(.noauth).client()
        let scratch = try ScratchDirectory()
        let real = scratch.file("real")
        mkdir(real, 0o700)
        defer { rmdir(real); scratch.remove() }
        let data = randomBytes(700_000)
        let (image, id) = try uploadedImage(client, data)
        defer { client.removeImages([image]) }

        let target = real + "/target.raw"
        _ = try scratch.write("real/target.raw", Array("old".utf8))
        let link = scratch.file("link.raw")
        #expect(symlink("real/target.raw", link) == 0)
        let result = try client.downloadImage(id, to: try DataSink.file(path: link))
        #expect(result.verified)
        #expect(kind(link) == S_IFLNK, "the link stays a link")
        #expect(kind(target) == S_IFREG)
        #expect(sameBytes(readBytes(target), data))
        #expect(scratch.entries == ["link.raw", "real"], "no temporary file left: \(scratch.entries)")
        let realEntries = ScratchDirectory.entries(of: real)
        #expect(realEntries == ["target.raw"], "\(realEntries)")

        // A dangling link: its target is created, in the target's directory.
        let dangling = scratch.file("dangling.raw")
        #expect(symlink(real + "/new.raw", dangling) == 0)
        _ = try client.downloadImage(id, to: try DataSink.file(path: dangling))
        #expect(kind(dangling) == S_IFLNK && kind(real + "/new.raw") == S_IFREG)
        #expect(sameBytes(readBytes(real + "/new.raw"), data))
        unlink(real + "/new.raw")
        unlink(target)
    }

    @Test func aFIFOIsWrittenThroughNotReplaced() throws {
        let client = try Stack.running(.noauth).client()
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let data = randomBytes(1_500_000)
        let (image, id) = try uploadedImage(client, data)
        defer { client.removeImages([image]) }
        let fifo = scratch.file("fifo")
        #expect(mkfifo(fifo, 0o600) == 0)
        let collected = Mutex<[UInt8]>([])
        let reader = try TestThread {
            // Non-blocking, with a deadline: the test fails rather than hangs if nobody writes.
            let fd = open(fifo, O_RDONLY | O_NONBLOCK)
            guard fd >= 0 else { return }
            defer { close(fd) }
            var buffer = [UInt8](repeating: 0, count: 65536)
            let deadline = Clock.monotonic() + 20
            var writerSeen = false
            while Clock.monotonic() < deadline {
                let count = read(fd, &buffer, buffer.count)
                if count > 0 {
                    writerSeen = true
                    collected.withLock { $0 += buffer[..<count] }
                } else if count == 0 && writerSeen {
                    return
                } else {
                    usleep(5000)
                }
            }
        }
        let result = try client.downloadImage(id, to: try DataSink.file(path: fifo))
        reader.join()
        #expect(result.verified)
        #expect(kind(fifo) == S_IFIFO, "the FIFO is still a FIFO")
        #expect(sameBytes(collected.withLock { $0 }, data))
        #expect(scratch.entries == ["fifo"], "no temporary file: \(scratch.entries)")
    }

    @Test func aCharacterDeviceIsWrittenThroughNotReplaced() throws {
        let client = try Stack.running(.noauth).client()
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let data = randomBytes(400_000)
        let (image, id) = try uploadedImage(client, data)
        defer { client.removeImages([image]) }
        let device = try privateNullDevice(in: scratch)
        let result = try client.downloadImage(id, to: try DataSink.file(path: device))
        #expect(result.verified && result.bytes == Int64(data.count))
        #expect(kind(device) == S_IFCHR, "the device is still a device")
        #expect(scratch.entries == ["null"], "no temporary file: \(scratch.entries)")
    }

    @Test func aUnixSocketIsConnectedToAndWrittenThrough() throws {
        let client = try Stack.running(.noauth).client()
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let data = randomBytes(900_000)
        let (image, id) = try uploadedImage(client, data)
        defer { client.removeImages([image]) }
        let path = scratch.file("sock")
        let listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer {
            shutdown(listener, Int32(SHUT_RDWR))  // wakes a reader still in accept
            close(listener)
        }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: Array(path.utf8) + [0])
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        #expect(bound == 0 && listen(listener, 1) == 0)
        let collected = Mutex<[UInt8]>([])
        let reader = try TestThread {
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { return }
            defer { close(connection) }
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let count = read(connection, &buffer, buffer.count)
                if count <= 0 { return }
                collected.withLock { $0 += buffer[..<count] }
            }
        }
        let result = try client.downloadImage(id, to: try DataSink.file(path: path))
        reader.join()
        #expect(result.verified)
        #expect(kind(path) == S_IFSOCK, "the socket is still a socket")
        #expect(sameBytes(collected.withLock { $0 }, data))
        #expect(scratch.entries == ["sock"])
    }

    /// Written through means the bytes went out before the hash could be checked: the
    /// failure is reported afterwards, and the device stays what it was.
    @Test func aFailedVerificationOnADeviceIsReportedAfterTheBytes() throws {
        let data = randomBytes(50_000)
        let id = "11111111-2222-3333-4444-555555555555"
        let server = try FaultServer { request, _ in
            if request.path.hasSuffix("/file") {
                return FaultServer.Response(status: 200, headers: [("Content-Type", "application/octet-stream")], body: data)
            }
            if request.path.hasSuffix(id) {
                return .json(.object(["id": .string(id), "status": .string("active"), "os_hash_algo": .string("sha512"),
                                      "os_hash_value": .string(String(repeating: "0", count: 128))]))
            }
            return .notFound
        }
        defer { server.stop() }
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let device = try privateNullDevice(in: scratch)
        let client = try server.client()
        let error = thrownError { () throws(OSIError) in try client.downloadImage(id, to: DataSink.file(path: device)) }
        #expect(error?.code == .checksum, "\(error?.message ?? "none")")
        #expect(kind(device) == S_IFCHR)
        #expect(scratch.entries == ["null"])
    }
}
