/// Stands between the transport and a download's `DataSink`: checks the answer is image data
/// (200 for a whole image, 206 for a range; 204 means the image has none), picks the hash to
/// check (the image's, else the `Content-MD5` header) and hashes every chunk on a second
/// thread while the sink writes it.
final class VerifyingSink: ResponseSink {
    let sink: DataSink
    let imageID: String
    let options: DownloadOptions
    /// The hash from the image's metadata, nil when it has none (or for a range).
    private let metadataHash: HashExpectation?
    /// The hash in force for the current answer.
    private(set) var expected: HashExpectation?
    private var digest: BackgroundDigest?
    private(set) var status = 0
    private(set) var contentRange: String?

    init(_ sink: DataSink, imageID: String, options: DownloadOptions, expected: HashExpectation?) {
        self.sink = sink
        self.imageID = imageID
        self.options = options
        self.metadataHash = expected
    }

    func begin(status: Int, headers: HTTPHeaders) throws(OSIError) {
        self.status = status
        contentRange = headers["content-range"]
        if status == 204 { throw Self.noDataError(imageID, headers) }
        let wanted = options.isRanged ? 206 : 200
        guard status == wanted else {
            throw OSIError(.internal, "the data of image \(imageID) came with HTTP \(status) instead of \(wanted)")
        }
        if status == 206, let contentRange {
            // A range the server made up would hand the caller the wrong bytes.
            guard let range = ContentRange(contentRange), range.first == options.offset else {
                throw OSIError(.internal, "the ranged answer for image \(imageID) has the Content-Range "
                    + "\(ServerMessage.bounded(contentRange, limit: 200)), not one starting at byte \(options.offset)")
            }
        }
        expected = options.verifiesWholeImage ? metadataHash ?? HashExpectation.of(contentMD5: headers["content-md5"]) : nil
        if expected == nil, options.requireHash, options.verifiesWholeImage {
            throw OSIError(.checksum, "image \(imageID) has no hash to verify its data against (require_hash is set)")
        }
        if let expected {
            if digest?.algorithms != [expected.algorithm] { digest = try BackgroundDigest([expected.algorithm]) }
            digest?.reset()
        } else {
            digest = nil
        }
        try sink.begin(status: status, headers: headers)
    }

    /// The error for an image without data (HTTP 204, status queued): `.conflict`.
    static func noDataError(_ imageID: String, _ headers: HTTPHeaders) -> OSIError {
        OSIError(httpStatus: 204, context: .download, message: "image \(imageID) has no data yet (HTTP 204): nothing was written",
                 requestID: headers["x-openstack-request-id"], method: nil, url: nil)
    }

    func receive(_ chunk: UnsafeRawBufferPointer) throws(OSIError) {
        digest?.update(chunk)
        try sink.receive(chunk)
    }

    func restart() -> Bool {
        guard sink.restart() else { return false }
        digest?.reset()
        return true
    }

    /// Checks the received bytes against the expected hash; throws `.checksum` with both
    /// values on a mismatch. Returns the result to report.
    func verify() throws(OSIError) -> DownloadResult {
        var result = DownloadResult()
        result.bytes = sink.count
        result.httpStatus = status
        result.contentRange = options.isRanged ? contentRange : nil
        result.expected = expected
        guard let expected, let digest else { return result }
        let actual = digest.finish()[expected.algorithm] ?? ""
        result.actualHash = actual
        guard actual == expected.value else { throw expected.mismatch(imageID, actual: actual) }
        result.verified = true
        return result
    }
}
