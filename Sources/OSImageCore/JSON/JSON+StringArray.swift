extension JSON {
    /// The elements of an array whose elements are all strings; nil for any other value.
    public var stringArray: [String]? {
        guard let elements = array else { return nil }
        let texts = elements.compactMap(\.string)
        return texts.count == elements.count ? texts : nil
    }
}
