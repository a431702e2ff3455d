/// Importing data into an image: glance-direct, web-download, copy-image, glance-download.
extension ImageClient {
    /// POST /v2/images/{id}/import (202). Checks the method against GET /v2/info/import first
    /// (not advertised -> .unsupported, no import request). HTTP errors are thrown (unlike the
    /// sdk): 409 for an image in the wrong state, 400 for options Glance refuses.
    public func importImage(_ id: String, _ options: ImportOptions) throws(OSIError) {
        _ = try URLBuilder.segment(id, what: "image id")
        try options.validate()
        try checkImportMethod(options.method)
        try startImport(id, options)
    }

    /// Throws .unsupported unless GET /v2/info/import lists `method`.
    func checkImportMethod(_ method: String) throws(OSIError) {
        let offered = try importMethods()
        guard offered.contains(method) else {
            throw OSIError(.unsupported, "this cloud does not offer the import method '\(method)' "
                + "(it offers: \(offered.joined(separator: ", ")))")
        }
    }

    /// POST /v2/images/{id}/import with no method check (the caller made it).
    func startImport(_ id: String, _ options: ImportOptions) throws(OSIError) {
        _ = try sendJSON(.post, ["images", URLBuilder.segment(id, what: "image id"), "import"], body: options.body)
    }
}
