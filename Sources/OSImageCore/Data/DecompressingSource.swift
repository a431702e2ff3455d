import CLZMA
import CZlib
import CZstd

/// The compressed formats a source can be decompressed from (by the system's liblzma, zlib
/// and libzstd).
public enum CompressionFormat: String, CaseIterable, Sendable {
    case xz, gzip, zstd

    /// The format named `name`: "xz", "gzip" (or "gz") or "zstd" (or "zst"); `.invalidArgument`
    /// for anything else.
    public static func named(_ name: String) throws(OSIError) -> CompressionFormat {
        switch name.asciiLowercased() {
        case "xz": return .xz
        case "gzip", "gz": return .gzip
        case "zstd", "zst": return .zstd
        default: throw .invalidArgument("unknown compression format '\(name)' (xz, gzip or zstd)")
        }
    }

    /// The format whose magic bytes start `bytes`, nil when none does.
    static func byMagic(_ bytes: [UInt8]) -> CompressionFormat? {
        let magic: [(CompressionFormat, [UInt8])] = [(.xz, [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]), (.gzip, [0x1F, 0x8B]),
                                                     (.zstd, [0x28, 0xB5, 0x2F, 0xFD])]
        return magic.first { bytes.starts(with: $0.1) }?.0
    }

    /// The longest magic to look at.
    static let magicLength = 6

    /// File name endings of the format, stripped from a file source's path.
    var extensions: [String] {
        switch self {
        case .xz: [".xz"]
        case .gzip: [".gz", ".gzip"]
        case .zstd: [".zst", ".zstd"]
        }
    }
}

extension DataSource {
    /// A source giving the decompressed bytes of `inner` (any source), compressed as `format`
    /// or, when nil, as its first bytes say (xz, gzip or zstd magic). The new source keeps its
    /// own reference to `inner`, which must not be used by anything else while this one is.
    /// `size` is the decompressed size when known (sent as the upload's size; decompressing
    /// to more or less fails with `.io`), else nil and the upload is chunked. It rewinds when
    /// `inner` does (starting the decompression over). Memory stays bounded: a 256 KiB input
    /// buffer plus the decoder's state (xz limited to 256 MiB, zstd windows to 128 MiB, gzip
    /// 32 KiB), whatever the stream expands to. A corrupt or truncated stream fails with
    /// `.io` naming the format; input that is not in the format (or, detected, in none of
    /// them) fails with `.invalidArgument`, here for a rewindable inner source, else on the
    /// first read. Concatenated streams (several gzip members, xz streams, zstd frames) are
    /// decompressed one after the other, as the command-line tools do.
    public static func decompressing(_ inner: DataSource, format: CompressionFormat?, size: Int64?) throws(OSIError) -> DataSource {
        if let size, size < 0 { throw .invalidArgument("the decompressed size must be -1 (unknown) or at least 0") }
        var chosen = format
        if let head = try inner.peek(CompressionFormat.magicLength) {
            let found = CompressionFormat.byMagic(head)
            if chosen == nil { chosen = try Decompressor.detected(found) }
            if let chosen, found != chosen {
                throw .invalidArgument("the source does not start with the \(chosen.rawValue) magic bytes")
            }
        }
        let decoder = Decompressor(inner, format: chosen)
        var path = inner.path
        if let name = path, let chosen, let ending = chosen.extensions.first(where: { name.hasSuffix($0) && name.count > $0.count }) {
            path = String(name.dropLast(ending.count))
        }
        let what = "the \(chosen?.rawValue ?? "compressed") stream"
        return DataSource(.decoded(decoder), length: size, path: path, what: what)
    }
}

/// A streaming decoder of one codec: input in, output out, in bounded steps.
protocol Codec: AnyObject {
    /// Decodes from `input` into `output`, returning how much of each was used. `finish` says
    /// no input follows `input`.
    func decode(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer,
                finish: Bool) throws(OSIError) -> (consumed: Int, produced: Int)
    /// Whether everything decoded so far ends exactly at the end of a complete stream/frame.
    var complete: Bool { get }
}

/// The decompression state of a decompressing source: the inner source, an input buffer and
/// the codec (made when the format is known: at once, or from the first bytes read).
final class Decompressor {
    let inner: DataSource
    private var format: CompressionFormat?
    private var codec: Codec?
    private let input = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 << 10, alignment: 16)
    private var start = 0
    private var end = 0
    private var innerEnded = false

    init(_ inner: DataSource, format: CompressionFormat?) {
        self.inner = inner
        self.format = format
    }

    deinit { input.deallocate() }

    /// `found`, or the error of a source in no known format.
    static func detected(_ found: CompressionFormat?) throws(OSIError) -> CompressionFormat {
        guard let found else {
            throw .invalidArgument("the source does not start with the magic bytes of xz, gzip or zstd: name its format")
        }
        return found
    }

    /// Starts over from the beginning of `inner`; false when it cannot be rewound.
    func rewind() -> Bool {
        guard inner.rewind() else { return false }
        codec = nil
        start = 0
        end = 0
        innerEnded = false
        return true
    }

    /// Reads more input when the buffer is used up; false at the end of the inner source.
    private func fill(atLeast wanted: Int = 1) throws(OSIError) -> Bool {
        if start > 0 && start == end { start = 0; end = 0 }
        while end - start < wanted && !innerEnded {
            if start > 0 {
                let pending = end - start
                UnsafeMutableRawBufferPointer(rebasing: input[0..<pending]).copyMemory(from: UnsafeRawBufferPointer(rebasing: input[start..<end]))
                start = 0
                end = pending
            }
            let count = try inner.read(into: UnsafeMutableRawBufferPointer(rebasing: input[end...]))
            if count == 0 { innerEnded = true } else { end += count }
        }
        return end > start
    }

    /// The codec, made on first use (detecting the format from the first bytes if needed).
    private func ready() throws(OSIError) -> Codec {
        if let codec { return codec }
        _ = try fill(atLeast: CompressionFormat.magicLength)
        let head = Array(UnsafeRawBufferPointer(rebasing: input[start..<end]))
        let found = CompressionFormat.byMagic(head)
        let chosen: CompressionFormat
        if let format { chosen = format } else { chosen = try Decompressor.detected(found) }
        if found != chosen { throw .invalidArgument("the source does not start with the \(chosen.rawValue) magic bytes") }
        format = chosen
        let made: Codec
        switch chosen {
        case .xz: made = try XZCodec()
        case .gzip: made = try GzipCodec()
        case .zstd: made = try ZstdCodec()
        }
        codec = made
        return made
    }

    /// Up to `buffer.count` decompressed bytes, 0 at the end of a complete stream.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(OSIError) -> Int {
        guard !buffer.isEmpty else { return 0 }
        let codec = try ready()
        let name = format?.rawValue ?? "compressed"
        while true {
            _ = try fill()
            let (consumed, produced) = try codec.decode(UnsafeRawBufferPointer(rebasing: input[start..<end]), into: buffer,
                                                        finish: innerEnded)
            start += consumed
            if produced > 0 { return produced }
            if consumed > 0 { continue }
            // No progress: the end, a truncation, or the codec wants more input than is buffered.
            if innerEnded {
                if codec.complete && start == end { return 0 }
                throw OSIError(.io, "the \(name) stream is truncated: it ends before its end marker")
            }
            guard end - start < input.count else { throw corrupt(name, "the decoder makes no progress") }
            _ = try fill(atLeast: end - start + 1)
        }
    }

    /// Checks that the stream ends here (after the announced decompressed size).
    func expectEnd(_ size: Int64) throws(OSIError) {
        var scratch: UInt8 = 0
        let extra = try withUnsafeMutableBytes(of: &scratch) { (bytes) throws(OSIError) -> Int in try read(into: bytes) }
        if extra > 0 { throw OSIError(.io, "the \(format?.rawValue ?? "compressed") stream decompresses to more than the \(size) bytes given") }
    }
}

/// The error of a corrupt stream.
private func corrupt(_ format: String, _ detail: String) -> OSIError {
    OSIError(.io, "the \(format) stream is corrupt: \(detail)")
}

/// xz (and lzma) through liblzma's stream decoder, concatenated streams allowed.
final class XZCodec: Codec {
    private let stream = UnsafeMutablePointer<lzma_stream>.allocate(capacity: 1)
    private(set) var complete = false

    init() throws(OSIError) {
        stream.initialize(to: lzma_stream())
        let status = lzma_stream_decoder(stream, 256 << 20, 0x08 /* LZMA_CONCATENATED, a macro */)
        guard status == LZMA_OK else {
            stream.deallocate()
            throw OSIError(status == LZMA_MEM_ERROR ? .noMemory : .internal, "liblzma could not start a decoder (\(status.rawValue))")
        }
    }

    deinit {
        lzma_end(stream)
        stream.deallocate()
    }

    func decode(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer,
                finish: Bool) throws(OSIError) -> (consumed: Int, produced: Int) {
        if complete { return (0, 0) }
        stream.pointee.next_in = input.baseAddress?.assumingMemoryBound(to: UInt8.self)
        stream.pointee.avail_in = input.count
        stream.pointee.next_out = output.baseAddress?.assumingMemoryBound(to: UInt8.self)
        stream.pointee.avail_out = output.count
        let status = lzma_code(stream, finish ? LZMA_FINISH : LZMA_RUN)
        let used = (input.count - stream.pointee.avail_in, output.count - stream.pointee.avail_out)
        switch status {
        case LZMA_OK: return used
        case LZMA_STREAM_END: complete = true; return used
        case LZMA_BUF_ERROR where finish: throw OSIError(.io, "the xz stream is truncated: it ends before its end marker")
        case LZMA_BUF_ERROR: return used
        case LZMA_MEMLIMIT_ERROR: throw OSIError(.noMemory, "the xz stream needs more than the 256 MiB decoder memory allowed")
        case LZMA_MEM_ERROR: throw OSIError(.noMemory, "liblzma ran out of memory")
        case LZMA_FORMAT_ERROR: throw corrupt("xz", "it is not in the xz format")
        case LZMA_DATA_ERROR: throw corrupt("xz", "its data is damaged")
        case LZMA_OPTIONS_ERROR: throw corrupt("xz", "it uses options liblzma does not support")
        default: throw corrupt("xz", "liblzma error \(status.rawValue)")
        }
    }
}

/// gzip through zlib's inflate; a member ending is followed by another one or the end.
final class GzipCodec: Codec {
    private let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    private(set) var complete = false

    init() throws(OSIError) {
        stream.initialize(to: z_stream())
        let status = czlib_inflate_init2(stream, 15 + 16)
        guard status == Z_OK else {
            stream.deallocate()
            throw OSIError(status == Z_MEM_ERROR ? .noMemory : .internal, "zlib could not start a decoder (\(status))")
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
    }

    func decode(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer,
                finish: Bool) throws(OSIError) -> (consumed: Int, produced: Int) {
        guard !input.isEmpty || !complete else { return (0, 0) }
        if complete {
            // Another gzip member follows.
            guard inflateReset(stream) == Z_OK else { throw OSIError(.internal, "zlib could not start the next gzip member") }
            complete = false
        }
        let inputCount = UInt32(min(input.count, Int(UInt32.max)))
        let outputCount = UInt32(min(output.count, Int(UInt32.max)))
        stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: UInt8.self))
        stream.pointee.avail_in = inputCount
        stream.pointee.next_out = output.baseAddress?.assumingMemoryBound(to: UInt8.self)
        stream.pointee.avail_out = outputCount
        let status = inflate(stream, Z_NO_FLUSH)
        let used = (Int(inputCount - stream.pointee.avail_in), Int(outputCount - stream.pointee.avail_out))
        switch status {
        case Z_OK, Z_BUF_ERROR: return used
        case Z_STREAM_END: complete = true; return used
        case Z_MEM_ERROR: throw OSIError(.noMemory, "zlib ran out of memory")
        case Z_NEED_DICT: throw corrupt("gzip", "it needs a preset dictionary")
        default:
            let detail = stream.pointee.msg.map { String(cString: $0) } ?? "zlib error \(status)"
            throw corrupt("gzip", detail)
        }
    }
}

/// zstd through libzstd's streaming decoder (frames one after the other).
final class ZstdCodec: Codec {
    private let context: OpaquePointer
    private(set) var complete = true

    init() throws(OSIError) {
        guard let context = ZSTD_createDCtx() else { throw OSIError(.noMemory, "libzstd could not make a decoder") }
        self.context = context
    }

    deinit { ZSTD_freeDCtx(context) }

    func decode(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer,
                finish: Bool) throws(OSIError) -> (consumed: Int, produced: Int) {
        var source = ZSTD_inBuffer(src: input.baseAddress, size: input.count, pos: 0)
        var target = ZSTD_outBuffer(dst: output.baseAddress, size: output.count, pos: 0)
        if input.isEmpty && complete { return (0, 0) }
        let status = ZSTD_decompressStream(context, &target, &source)
        if ZSTD_isError(status) != 0 {
            throw corrupt("zstd", String(cString: ZSTD_getErrorName(status)))
        }
        // 0: a frame ended and everything is flushed; otherwise more input or output is due.
        complete = status == 0
        return (source.pos, target.pos)
    }
}
