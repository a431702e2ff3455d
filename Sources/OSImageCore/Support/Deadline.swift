/// The deadline of the call in progress on this thread: one public operation (a get, a find
/// with all its pages, create_image's duplicate check) sets it once, and every request it
/// makes, with retries, Retry-After waits and re-authentication, must finish before it.
public enum CallDeadline {
    @TaskLocal static var current: Double?

    /// Runs `body` with a deadline `seconds` from now, unless a deadline is already set (an
    /// enclosing call's deadline governs its parts).
    static func within<T>(_ seconds: Double, _ body: () throws(OSIError) -> T) throws(OSIError) -> T {
        if current != nil { return try body() }
        let deadline = Clock.monotonic() + seconds
        var failure: OSIError?
        let result: T? = $current.withValue(deadline) {
            do throws(OSIError) { return try body() } catch { failure = error; return nil }
        }
        if let failure { throw failure }
        guard let result else { throw OSIError(.internal, "a deadline scope ended without a result") }
        return result
    }

    /// Whole seconds for a message, whatever the value (no trap on huge or odd ones).
    static func describe(_ seconds: Double) -> String {
        guard seconds.isFinite else { return seconds > 0 ? "unlimited" : "0" }
        return String(Int(max(0, min(seconds, 1e12))))
    }

    /// Seconds left before `deadline` (negative when it passed).
    static func remaining(_ deadline: Double) -> Double { deadline - Clock.monotonic() }
}
