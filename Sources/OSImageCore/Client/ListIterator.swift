/// A lazy list over a paginated collection (`images`, `members`, `tasks`, `stores`), behind
/// the C `osi_iter` and the bindings' ListIterator: fetches the next page only when the items
/// of the current one are used up, following Glance's `next` links. It can also serve a list
/// fetched whole (an image's tasks). One thread at a time.
///
/// Bounded whatever the server answers: a listing ends with `.internal` when a `next` link
/// repeats a page or a marker already seen, when an empty page still has a `next`, when it
/// passes `Limits.maxPages` pages (`max_pages`), or when a page is not an object with an
/// array of objects under the collection key and a string (or no) `next`. A `next` naming
/// another origin is rebased onto the endpoint (`ImageClient.resolve(link:)`).
public final class ListIterator {
    private let client: ImageClient
    private let collectionKey: String
    private var nextURL: String?
    private var page: [JSON] = []
    private var position = 0
    private var remaining: Int?
    private var followsLinks: Bool
    private let filter: ((JSON) -> Bool)?
    private let extract: ((JSON) -> [JSON]?)?
    private let nextByMarker: (([JSON]) -> String?)?
    private var pages = 0
    /// Why the list cannot go on after the current page (a broken `next`); thrown once the
    /// page's items are used up, and again on every later call.
    private var brokenNext: OSIError?
    private var seenURLs = Set<String>()
    private var seenMarkers = Set<String>()

    /// An iterator starting at `url`; `maxItems` stops after that many items, `paginated: false`
    /// stops after the first page, `filter` keeps only the items it accepts (for queries the
    /// server does not understand). `extract` takes the items out of an answer that is not
    /// {collectionKey: [...]} (nil: not a list); `nextByMarker` gives the next page's URL from
    /// a page's items where the server pages by marker without `next` links (nil: last page).
    init(client: ImageClient, url: String, collectionKey: String, maxItems: Int? = nil, paginated: Bool = true,
         filter: ((JSON) -> Bool)? = nil, extract: ((JSON) -> [JSON]?)? = nil,
         nextByMarker: (([JSON]) -> String?)? = nil) {
        self.client = client
        self.collectionKey = collectionKey
        self.nextURL = url
        self.remaining = maxItems
        self.followsLinks = paginated
        self.filter = filter
        self.extract = extract
        self.nextByMarker = nextByMarker
    }

    /// An iterator serving `items`, already fetched, as its only page.
    init(client: ImageClient, items: [JSON]) {
        self.client = client
        self.collectionKey = ""
        self.nextURL = nil
        self.page = items
        self.followsLinks = false
        self.filter = nil
        self.extract = nil
        self.nextByMarker = nil
    }

    /// The next item, or nil at the end.
    public func next() throws(OSIError) -> JSON? {
        if let remaining, remaining <= 0 { return nil }
        while position >= page.count {
            if let brokenNext { throw brokenNext }
            guard let url = nextURL else { return nil }
            try fetch(url)
        }
        let item = page[position]
        position += 1
        remaining = remaining.map { $0 - 1 }
        return item
    }

    /// All remaining items.
    public func collect() throws(OSIError) -> [JSON] {
        var items: [JSON] = []
        while let item = try next() { items.append(item) }
        return items
    }

    private func fetch(_ url: String) throws(OSIError) {
        do {
            try fetchPage(url)
        } catch {
            throw client.session.mask.apply(error)
        }
        do {
            nextURL = try followedLink()
        } catch {
            nextURL = nil
            brokenNext = client.session.mask.apply(error)
        }
    }

    private func fetchPage(_ url: String) throws(OSIError) {
        let maxPages = client.session.config.limits.maxPages
        pages += 1
        guard pages <= maxPages else {
            throw OSIError(.internal, "the list of \(collectionKey) has more than \(maxPages) pages (max_pages); stopping at \(url)")
        }
        seenURLs.insert(url)
        if let marker = Self.marker(in: url) { seenMarkers.insert(marker) }
        let document = try client.session.send(HTTPRequest(method: .get, url: url)).json()
        let items = try extractedItems(document, url: url)
        page = filter.map { items.filter($0) } ?? items
        position = 0
        pageURL = url
        pageDocument = document
        pageItems = items
    }

    private var pageURL = ""
    private var pageDocument: JSON?
    private var pageItems: [JSON] = []

    /// The items of a page, through `extract` when the answer has its own shape.
    private func extractedItems(_ document: JSON, url: String) throws(OSIError) -> [JSON] {
        guard let extract else { return try Self.items(in: document, key: collectionKey, url: url) }
        guard let items = extract(document) else {
            throw OSIError(.internal, "the list answer of \(url) is not a list of \(collectionKey)")
        }
        return items
    }

    /// The checked `next` of the page just fetched, nil at the end.
    private func followedLink() throws(OSIError) -> String? {
        let url = pageURL
        guard followsLinks, let document = pageDocument else { return nil }
        guard let text = try Self.nextLink(in: document, url: url) else {
            // Lists the server pages by marker alone: the next page follows from the items.
            guard !pageItems.isEmpty, let next = nextByMarker?(pageItems) else { return nil }
            return try unseen(next)
        }
        guard !pageItems.isEmpty else {
            throw OSIError(.internal, "the server's list answer of \(url) is an empty page with a next link; stopping")
        }
        return try unseen(client.resolve(link: text))
    }

    /// `next`, unless it names a page or a marker this listing has already had.
    private func unseen(_ next: String) throws(OSIError) -> String {
        if seenURLs.contains(next) {
            throw OSIError(.internal, "the server's next link repeats a page of this list (\(next)); stopping")
        }
        if let marker = Self.marker(in: next), seenMarkers.contains(marker) {
            throw OSIError(.internal, "the server's next link repeats the marker \(URLBuilder.printable(marker)) of this list; stopping")
        }
        return next
    }

    /// The items of a list page: an array of objects under `key`.
    static func items(in document: JSON, key: String, url: String) throws(OSIError) -> [JSON] {
        guard let items = document[key]?.array else {
            throw OSIError(.internal, "the list answer of \(url) has no '\(key)' array")
        }
        if let index = items.firstIndex(where: { !$0.isObject }) {
            throw OSIError(.internal, "item \(index) of '\(key)' in the list answer of \(url) is not an object")
        }
        return items
    }

    /// A list page's `next` link as text; nil when absent or null.
    static func nextLink(in document: JSON, url: String) throws(OSIError) -> String? {
        guard let link = document["next"], !link.isNull else { return nil }
        guard let text = link.string else {
            throw OSIError(.internal, "the list answer of \(url) has a 'next' that is not a string")
        }
        return text
    }

    /// The `marker` query parameter of a URL, as written.
    static func marker(in url: String) -> String? {
        guard let query = url.split(separator: "?", maxSplits: 1).dropFirst().first else { return nil }
        for pair in query.split(separator: "&") where pair.hasPrefix("marker=") {
            return String(pair.dropFirst(7))
        }
        return nil
    }
}
