/// Reading images: get, find and list.
extension ImageClient {
    /// openstacksdk's names for image list filters that Glance spells differently.
    static let imageQueryAliases = ["is_hidden": "os_hidden", "is_protected": "protected", "owner_id": "owner"]
    /// Glance's largest page (api_limit_max); each page costs a round trip.
    static let largestPage = 1000

    /// `GET /v2/images/{id}`.
    public func getImage(_ id: String) throws(OSIError) -> JSON {
        try getJSON(["images", URLBuilder.segment(id, what: "image id")])
    }

    /// A lazy list of images matching `query` (see `ListQuery`).
    public func images(query: JSON?) throws(OSIError) -> ListIterator {
        let list = try ListQuery(query, aliases: Self.imageQueryAliases, defaultLimit: Self.largestPage)
        return ListIterator(client: self, url: url(["images"], query: list.parameters), collectionKey: "images",
                     maxItems: list.maxItems, paginated: list.paginated)
    }

    /// Finds an image by id, else by exact name, hidden images included.
    ///
    /// Returns nil when nothing matches and `ignoreMissing` is true; throws `.notFound`
    /// otherwise, and `.ambiguous` when the name matches more than one image. Unlike
    /// openstacksdk, hidden images are searched by name too, not listed in full.
    public func findImage(_ nameOrID: String, ignoreMissing: Bool) throws(OSIError) -> JSON? {
        // One deadline (api_timeout) for the GET and every page of both listings.
        try session.call { () throws(OSIError) in try findImageWithinDeadline(nameOrID, ignoreMissing: ignoreMissing) }
    }

    private func findImageWithinDeadline(_ nameOrID: String, ignoreMissing: Bool) throws(OSIError) -> JSON? {
        if nameOrID.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) {
            throw .invalidArgument("an image name must not contain control characters: \(URLBuilder.printable(nameOrID))")
        }
        if URLBuilder.isValidSegment(nameOrID) {
            do {
                return try getImage(nameOrID)
            } catch where error.httpStatus > 0 && ErrorCode(httpStatus: error.httpStatus, context: .lookupByID) == .notFound {
                // Not an id we can see: look for the name.
            }
        }
        let matches = try imagesNamed(nameOrID, orID: true)
        switch matches.count {
        case 0:
            if ignoreMissing { return nil }
            throw OSIError(.notFound, "no image with id or name \(URLBuilder.printable(nameOrID))")
        case 1:
            return matches[0]
        default:
            let ids = matches.compactMap { $0["id"]?.string }.joined(separator: ", ")
            throw OSIError(.ambiguous, "\(matches.count) images are named \(URLBuilder.printable(nameOrID)): \(ids)")
        }
    }

    /// Every image named `name` (or, with `orID`, whose id is `name`), hidden ones included:
    /// one filtered listing of visible and one of hidden images.
    func imagesNamed(_ name: String, orID: Bool = false) throws(OSIError) -> [JSON] {
        var matches: [JSON] = []
        for hidden in [false, true] {
            var query: [(String, String)] = [("name", name), ("limit", String(Self.largestPage))]
            if hidden { query.append(("os_hidden", "true")) }
            let iterator = ListIterator(client: self, url: url(["images"], query: query), collectionKey: "images")
            while let image = try iterator.next() {
                let isMatch = image["name"]?.string == name || (orID && image["id"]?.string == name)
                if isMatch, !matches.contains(where: { $0["id"]?.string == image["id"]?.string }) { matches.append(image) }
            }
        }
        return matches
    }
}
