/// An image's data that the caller pulls into its own buffers (`GET /v2/images/{id}/file`),
/// verified as it passes exactly as `downloadImage` verifies: the read that reaches the end
/// checks the hash and throws `.checksum` on a mismatch, so a caller that reads to 0 bytes
/// has verified data.
///
/// Constant memory: one chunk of the transfer at most, plus the hashing blocks. Many
/// readers may be open on one connection; each is used by one thread at a time. `close()`
/// (or dropping the reader) stops a partly read download and frees its connection.
public final class ImageReader {
    /// The image read.
    public let imageID: String
    /// The data answer's status (200, or 206 for a range) and headers.
    public let status: Int
    public let headers: HTTPHeaders
    private let transfer: PullTransfer
    private let verifying: VerifyingSink
    private var result: DownloadResult?
    private var failure: OSIError?
    private var closed = false
    /// Whether the transfer has given its last byte (the next read verifies).
    private var drained = false

    /// Opens the download of `id` with `options` (as `downloadImage`'s); fails as it fails
    /// before any data moves (unknown image, no data yet, unknown hash algorithm, ...).
    public init(client: ImageClient, id: String, options: DownloadOptions = DownloadOptions()) throws(OSIError) {
        if options.resume { throw .invalidArgument("download option 'resume' needs a download to a file path: a reader keeps nothing") }
        guard options.connections == 1 else {
            throw .invalidArgument("download option 'connections' is for osi_download_image, not a reader (read in order)")
        }
        let segment = try URLBuilder.segment(id, what: "image id")
        let expected = options.verifiesWholeImage ? try HashExpectation.of(image: client.getJSON(["images", segment])) : nil
        let verifying = VerifyingSink(DataSink.writer { _ in true }, imageID: id, options: options, expected: expected)
        var request = HTTPRequest(method: .get, url: client.dataURL(segment, options),
                                  timeoutKind: .transfer)
        if let range = options.rangeHeader { request.headers.append(("Range", range)) }
        request.stallTimeout = options.stallTimeout
        let (response, transfer) = try client.session.open(request)
        try verifying.begin(status: response.status, headers: response.headers)
        self.imageID = id
        self.status = response.status
        self.headers = response.headers
        self.transfer = transfer
        self.verifying = verifying
    }

    /// Fills `buffer` with the next bytes (fewer only at the end of the data) and returns how
    /// many; 0 means the end, reached with the data verified (a mismatch throws `.checksum`
    /// instead). An error is final: every later read throws it again.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(OSIError) -> Int {
        if let failure { throw failure }
        if result != nil || buffer.isEmpty { return 0 }
        guard !closed else { throw OSIError(.invalidArgument, "the reader of image \(imageID) is closed") }
        do {
            // Fill the buffer (fewer system calls and calls across the boundary) unless the
            // end comes first; the end is reported, and verified, by the next read.
            var filled = 0
            while filled < buffer.count && !drained {
                let count = try transfer.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
                if count == 0 { drained = true } else { filled += count }
            }
            if filled > 0 {
                try verifying.receive(UnsafeRawBufferPointer(rebasing: buffer[0..<filled]))
                return filled
            }
            result = try verifying.verify()
            return 0
        } catch {
            failure = error
            transfer.close()
            throw error
        }
    }

    /// Stops the download (idempotent); later reads throw `.invalidArgument`.
    public func close() {
        closed = true
        transfer.close()
    }

    /// What the reader knows: {"image_id", "http_status", "headers" (lower-case names),
    /// "content_length" (null when not sent), "bytes" (read so far), "eof", "hash_algo",
    /// "hash_expected", "hash_source"}; once the end is reached also the download result's
    /// "hash_actual", "hash_verified", "ranged", "content_range".
    public var info: JSON {
        let info = result?.json ?? JSON.object([:])
        let fields = JSON.object([:])
        for field in headers.fields where fields[field.name] == nil { fields.set(field.name, .string(field.value)) }
        info.set("image_id", .string(imageID))
        info.set("http_status", .int(Int64(status)))
        info.set("headers", fields)
        info.set("content_length", headers["content-length"].flatMap { Int64($0) }.map(JSON.int) ?? .null)
        info.set("bytes", .int(verifying.sink.count))
        info.set("eof", .bool(result != nil))
        let expected = verifying.expected
        info.set("hash_algo", expected.map { .string($0.algorithm.name) } ?? .null)
        info.set("hash_expected", expected.map { .string($0.value) } ?? .null)
        info.set("hash_source", expected.map { .string($0.origin.rawValue) } ?? .null)
        return info
    }
}
