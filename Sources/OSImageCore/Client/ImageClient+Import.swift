/// Importing data into an image: glance-direct, web-download, copy-image, glance-download.
extension ImageClient {
    /// POST /v2/images/{id}/import (202). Checks the method against GET /v2/info/import first
    /// (not advertised -> .unsupported, no import request); stores or all_stores need the
    /// multi-store API (v2.8 advertised, else .unsupported). HTTP errors are thrown (unlike the
    /// sdk): 409 for an image in the wrong state, 400 for options Glance refuses.
    public func importImage(_ id: String, _ options: ImportOptions) throws(OSIError) {
        _ = try URLBuilder.segment(id, what: "image id")
        try options.validate()
        try requireImportSupport(options)
        try startImport(id, options)
    }

    /// Fails with .unsupported unless the cloud offers `options`' import method (GET
    /// /v2/info/import) and, when stores or all_stores are chosen, the multi-store API (v2.8
    /// advertised); `note` ends the message.
    func requireImportSupport(_ options: ImportOptions, note: String = "") throws(OSIError) {
        if !(options.stores ?? []).isEmpty || options.allStores == true {
            try endpoint.require(minor: ImageEndpoint.multiStoreMinor, for: "importing into chosen stores (multi-store)")
        }
        let offered = try importMethods()
        guard offered.contains(options.method) else {
            throw OSIError(.unsupported, "this cloud does not offer the import method '\(options.method)' "
                + "(it offers: \(offered.joined(separator: ", ")))" + note)
        }
    }

    /// POST /v2/images/{id}/import with no method check (the caller made it).
    func startImport(_ id: String, _ options: ImportOptions) throws(OSIError) {
        _ = try sendJSON(.post, ["images", URLBuilder.segment(id, what: "image id"), "import"], body: options.body)
    }
}
