/// Turns an error response body into one readable line.
///
/// Glance answers `{"message": "...<br /><br />\n\n\n", "code": ..., "title": ...}` to
/// `Accept: application/json`, and an HTML page to other clients and from middleware
/// (Keystone's 401). Both become plain text without tags, entities or repeated blanks.
enum ServerMessage {
    /// The message carried by `body`, or `fallback` when the body says nothing.
    static func extract(from body: [UInt8], contentType: String?, fallback: String) -> String {
        guard !body.isEmpty else { return fallback }
        if let json = try? JSON.parse(body), let message = jsonMessage(json) {
            let text = plainText(message)
            return text.isEmpty ? fallback : text
        }
        let text = plainText(String(decoding: body.prefix(16_384), as: UTF8.self))
        return text.isEmpty ? fallback : text
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
    /// rest with ": " (so "404 Not Found" + "No image found" reads as one line).
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
        var seen: [Substring] = []
        for line in text.split(whereSeparator: \.isNewline) {
            let trimmed = line.trimmingWhitespace()
            if !trimmed.isEmpty && !seen.contains(trimmed) { seen.append(trimmed) }
        }
        return seen.joined(separator: ": ")
    }
}
