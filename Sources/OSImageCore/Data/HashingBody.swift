/// An upload body that hashes what it sends, on a second thread, in the same pass: no second
/// read of the source. A rewind (for a retry) starts the hashes over.
final class HashingBody: RequestBody {
    let source: DataSource
    let digest: BackgroundDigest?

    /// Sends `source`, hashing it with `digest` when given.
    init(_ source: DataSource, digest: BackgroundDigest?) {
        self.source = source
        self.digest = digest
    }

    var length: Int64? { source.length }
    var isRewindable: Bool { source.isRewindable }

    func rewind() -> Bool {
        guard source.rewind() else { return false }
        digest?.reset()
        return true
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(OSIError) -> Int {
        let count = try source.read(into: buffer)
        if count > 0 { digest?.update(UnsafeRawBufferPointer(rebasing: buffer[..<count])) }
        return count
    }
}
