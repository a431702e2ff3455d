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
    /// rest with ": " (so "404 Not Found" + "No image found" reads as one line). Linear in the
    /// text: one pass for tags, one per entity, a set for repeated lines.
    static func plainText(_ html: String) -> String {
        var text = ""
        var inTag = false
        for character in html {
            switch character {
            case "<": inTag = true; text.append("\n")
            case ">" where inTag: inTag = false
            default: if !inTag { text.append(character) }
            }
        }
        let entities = [("&amp;", "&"), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&nbsp;", " ")]
        for (entity, replacement) in entities {
            text = text.replacingOccurrences(of: entity, with: replacement)
        }
        var seen = Set<Substring>()
        var lines: [Substring] = []
        for line in text.split(whereSeparator: \.isNewline) {
            let trimmed = line.trimmingWhitespace()
            if !trimmed.isEmpty && seen.insert(trimmed).inserted { lines.append(trimmed) }
        }
        return lines.joined(separator: ": ")
    }
}
