/// Guesses an image's disk_format when the caller gave none, so Glance 33's format check
/// (`require_image_format_match`: data that does not match its disk_format is refused with
/// 415) passes: by the file name's extension, else by the data's magic bytes, else "raw"
/// (which Glance accepts for data of any format).
enum DiskFormat {
    /// The fallback.
    static let raw = "raw"

    private static let byExtension = [
        "qcow2": "qcow2", "qcow": "qcow2", "img": "raw", "raw": "raw", "iso": "iso", "vmdk": "vmdk", "vhd": "vhd",
        "vhdx": "vhdx", "vdi": "vdi", "ploop": "ploop", "ami": "ami", "aki": "aki", "ari": "ari",
    ]

    /// The format a file name or URL ends in (".qcow2" -> qcow2), or nil.
    static func byName(_ name: String?) -> String? {
        guard let name, let dot = name.lastIndex(of: ".") else { return nil }
        let suffix = name[name.index(after: dot)...].asciiLowercased()
        return byExtension[suffix]
    }

    /// The format the first bytes of an image announce (qcow2, vmdk, vhdx, vdi), or nil.
    static func byMagic(_ header: [UInt8]) -> String? {
        func starts(_ magic: [UInt8], at offset: Int = 0) -> Bool {
            header.count >= offset + magic.count && Array(header[offset..<offset + magic.count]) == magic
        }
        if starts([0x51, 0x46, 0x49, 0xFB]) { return "qcow2" }
        if starts(Array("KDMV".utf8)) { return "vmdk" }
        if starts(Array("vhdxfile".utf8)) { return "vhdx" }
        if starts([0x7F, 0x10, 0xDA, 0xBE], at: 64) { return "vdi" }
        return nil
    }
}
