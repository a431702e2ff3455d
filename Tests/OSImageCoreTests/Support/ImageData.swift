@testable import OSImageCore

extension ImageClient {
    /// Sends image data with a raw `PUT /v2/images/{id}/{file|stage}`; the data path's own
    /// calls (upload, stage) are tested with the data sources, not here.
    func putData(_ id: String, _ bytes: [UInt8], to target: String) throws {
        let request = HTTPRequest(method: .put, url: url(["images", id, target]),
                                  headers: [("Content-Type", "application/octet-stream")], body: BytesBody(bytes))
        _ = try session.send(request)
    }

    /// A new active image holding `bytes` (raw PUT /file); delete it with `removeImages`.
    func activeImage(_ name: String, bytes: [UInt8], extra: KeyValuePairs<String, JSON> = [:]) throws -> JSON {
        let image = try seedImage(["name": .string(name)])
        let id = try imageID(image)
        for (key, value) in extra { _ = try updateImage(id, changes: .object([key: value])) }
        try putData(id, bytes, to: "file")
        return try getImage(id)
    }
}

/// The id of an image, or a test failure.
func imageID(_ image: JSON) throws -> String {
    guard let id = image["id"]?.string else { throw StackError("an image without an id: \(image.text)") }
    return id
}
