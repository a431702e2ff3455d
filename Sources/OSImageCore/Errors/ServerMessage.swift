/// Turns an error response body into one readable line.
///
/// Glance answers `{"message": "...<br /><br />\n\n\n", "code": ..., "title": ...}` to
/// `Accept: application/json`, and an HTML page to other clients and from middleware
/// (Keystone's 401). Both become plain text without tags, entities or repeated blanks.
enum ServerMessage {
    /// The message carried by `body`, or `fallback` when the body says nothing; at most
    /// `Limits.messageSize` characters, cleaned in time linear in the body.
    static func extract(from body: [UInt8], contentType: String?, fallback: String) -> String {
        guard !body.isEmpty else { return fallback }
        if let json = try? JSON.parse(body), let message = jsonMessage(json) {
            let text = plainText(String(message.unicodeScalars.prefix(Limits.errorBodySize)))
            return text.isEmpty ? fallback : bounded(text, limit: Limits.messageSize)
        }
        let text = plainText(String(decoding: body.prefix(Limits.errorBodySize), as: UTF8.self))
        return text.isEmpty ? fallback : bounded(text, limit: Limits.messageSize)
    }

    /// `text` cut to `limit` Unicode scalars (saying how much was cut), control characters
    /// escaped: server text fit for a one-line message.
    static func bounded(_ text: String, limit: Int) -> String {
        var result = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if count >= limit {
                result += "... (\(text.utf8.count) bytes in all)"
                break
            }
            if scalar.value < 0x20 || scalar.value == 0x7F {
                result += scalar.escaped(asASCII: true)
            } else {
                result.unicodeScalars.append(scalar)
            }
            count += 1
        }
        return result
    }

    /// `message` of the root object, or of the first member object that has one
    /// (Keystone: `{"error": {"message": ...}}`; some services: `{"badRequest": {...}}`).
    private static func jsonMessage(_ json: JSON) -> String? {
        if let message = json["message"]?.string ?? json["faultstring"]?.string { return message }
        for (_, value) in json.members ?? [] {
            if let message = value["message"]?.string, !message.isEmpty { return message }
        }
        return nil
    }

    /// Removes tags, decodes the common entities, drops blank and repeated lines and joins the
    /// rest with ": " (so "404 Not Found" + "No image found" reads as one line). One pass over
    /// the UTF-8 bytes for tags and entities, a set for repeated lines: linear in the text.
    static func plainText(_ html: String) -> String {
        let bytes = Array(html.utf8)
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count)
        var inTag = false
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if inTag {
                if byte == UInt8(ascii: ">") { inTag = false }
            } else if byte == UInt8(ascii: "<") {
                inTag = true
                text.append(UInt8(ascii: "\n"))
            } else if byte == UInt8(ascii: "&"), let (replacement, length) = entity(in: bytes, at: index - 1) {
                text.append(replacement)
                index += length - 1
            } else {
                text.append(byte)
            }
        }
        var seen = Set<Substring>()
        var lines: [Substring] = []
        for line in String(decoding: text, as: UTF8.self).split(whereSeparator: \.isNewline) {
            let trimmed = line.trimmingWhitespace()
            if !trimmed.isEmpty && seen.insert(trimmed).inserted { lines.append(trimmed) }
        }
        return lines.joined(separator: ": ")
    }

    private static let entities: [(name: [UInt8], byte: UInt8)] = [
        ("&amp;", "&"), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&nbsp;", " "),
    ].map { (Array($0.0.utf8), UInt8(ascii: $0.1)) }

    /// The character an entity at `start` stands for, and the entity's length.
    private static func entity(in bytes: [UInt8], at start: Int) -> (UInt8, Int)? {
        for (name, byte) in entities where start + name.count <= bytes.count {
            if bytes[start..<start + name.count].elementsEqual(name) { return (byte, name.count) }
        }
        return nil
    }
}
