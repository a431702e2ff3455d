extension JSON {
    /// A new value with `overlay` laid over this one: where both have a mapping under the same
    /// key the two are merged the same way, otherwise the overlay's value replaces this one's
    /// (null included). Neither input is changed; unchanged members are shared, not copied.
    func deepMerged(with overlay: JSON) -> JSON {
        guard isObject, overlay.isObject else { return overlay }
        let result = JSON.object()
        for (key, value) in members ?? [] { result.set(key, value) }
        for (key, value) in overlay.members ?? [] {
            if let existing = result[key], existing.isObject, value.isObject {
                result.set(key, existing.deepMerged(with: value))
            } else {
                result.set(key, value)
            }
        }
        return result
    }
}
