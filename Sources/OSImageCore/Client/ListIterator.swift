/// A lazy list over a paginated collection (`images`, `members`, `tasks`, `stores`), behind
/// the C `osi_iter` and the bindings' ListIterator: fetches the next page only when the items
/// of the current one are used up, following Glance's `next` links. It can also serve a list
/// fetched whole (an image's tasks). One thread at a time.
public final class ListIterator {
    private let client: ImageClient
    private let collectionKey: String
    private var nextURL: String?
    private var page: [JSON] = []
    private var position = 0
    private var remaining: Int?
    private var followsLinks: Bool
    private let filter: ((JSON) -> Bool)?

    /// An iterator starting at `url`; `maxItems` stops after that many items, `paginated: false`
    /// stops after the first page, `filter` keeps only the items it accepts (for queries the
    /// server does not understand).
    init(client: ImageClient, url: String, collectionKey: String, maxItems: Int? = nil, paginated: Bool = true,
         filter: ((JSON) -> Bool)? = nil) {
        self.client = client
        self.collectionKey = collectionKey
        self.nextURL = url
        self.remaining = maxItems
        self.followsLinks = paginated
        self.filter = filter
    }

    /// An iterator serving `items`, already fetched, as its only page.
    init(client: ImageClient, items: [JSON]) {
        self.client = client
        self.collectionKey = ""
        self.nextURL = nil
        self.page = items
        self.followsLinks = false
        self.filter = nil
    }

    /// The next item, or nil at the end.
    public func next() throws(OSIError) -> JSON? {
        if let remaining, remaining <= 0 { return nil }
        while position >= page.count {
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
        let document = try client.session.send(HTTPRequest(method: .get, url: url)).json()
        guard let items = document[collectionKey]?.array else {
            throw OSIError(.internal, "the list answer of \(url) has no '\(collectionKey)' array")
        }
        page = filter.map { items.filter($0) } ?? items
        position = 0
        let next = followsLinks && !items.isEmpty ? document["next"]?.string.map(client.resolve(link:)) : nil
        if let next, next == url {
            throw OSIError(.internal, "the server's next link repeats the current page (\(url)); stopping")
        }
        nextURL = next
    }
}
