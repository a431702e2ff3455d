/// The bytes libFuzzer hands a target, as an array and as (lossy) UTF-8 text.
struct FuzzInput {
    let bytes: [UInt8]
    var text: String { String(decoding: bytes, as: UTF8.self) }

    init(_ data: UnsafePointer<UInt8>, _ size: Int) {
        bytes = Array(UnsafeBufferPointer(start: data, count: size))
    }
}
