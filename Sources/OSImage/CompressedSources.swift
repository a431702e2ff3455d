import COSImageTypes
import CJansson
import OSImageCore

/// Makes a source giving the DECOMPRESSED bytes of `inner` (any source: file, descriptor,
/// memory, callback), for uploading `.qcow2.xz`, `.raw.gz` or `.img.zst` images without a
/// temporary file. `format` is "xz", "gzip" (or "gz") or "zstd" (or "zst"); NULL detects it
/// from the magic bytes. `options` (borrowed, may be NULL): {"size": the decompressed size
/// in bytes (absent or null: unknown)}. With no size the upload is chunked and sends no
/// size header; with a size, decompressing to more or fewer bytes fails with OSI_IO.
/// Hashing (validate_checksum, create_image's md5/sha256) applies to the decompressed bytes;
/// create_image names the image and guesses the disk format from the file name without its
/// .xz/.gz/.zst ending and from the decompressed bytes (and, to check for a duplicate,
/// hashes a rewindable source first: it is then decompressed twice).
/// Ownership: the new source holds its OWN reference to `inner`; the caller still frees
/// `inner` with osi_source_free() (at any time, even at once) but must not use it in another
/// call while the new source is in use. The new source rewinds (starting the decompression
/// over) when `inner` does. Memory stays bounded whatever the stream expands to (a 256 KiB
/// buffer plus the decoder: xz at most 256 MiB, zstd windows 128 MiB, gzip 32 KiB).
/// Errors: OSI_INVALID_ARGUMENT for an unknown format name or data not in the format (at
/// once for a rewindable `inner`, else at the upload); OSI_IO for a corrupt or truncated
/// stream (during the upload, which then fails and sends nothing more). On success
/// *out_source is a new source, freed with osi_source_free(). One thread at a time.
@c public func osi_source_decompress(_ inner: osi_source_ref?, _ format: UnsafePointer<CChar>?,
                                     _ options: UnsafePointer<json_t>?,
                                     _ out_source: UnsafeMutablePointer<osi_source_ref?>?,
                                     _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        let out = try output(out_source, "out_source")
        let source = try dataSource(inner)
        let chosen = try format.map { (name) throws(OSIError) in try CompressionFormat.named(String(cString: name)) }
        let given = try OptionsObject(json(options), what: "decompress option", known: ["size"])
        let size = try given.count("size").map(Int64.init)
        let decompressed = try DataSource.decompressing(source, format: chosen, size: size)
        out.pointee = OpaquePointer(Unmanaged.passRetained(decompressed).toOpaque())
    }
}
