/// openstacksdk's `ignore_missing`: a 404 is an expected answer, not an error.
enum MissingResource {
    /// Runs `body`; when it fails with `.notFound` and `ignoreMissing` is true, returns nil
    /// instead of throwing.
    static func tolerated<Value>(_ ignoreMissing: Bool, _ body: () throws(OSIError) -> Value) throws(OSIError) -> Value? {
        do {
            return try body()
        } catch where ignoreMissing && error.code == .notFound {
            return nil
        }
    }
}
