/// The ranges every number from outside (C options, OS_* variables, clouds.yaml, positional
/// C arguments) is checked against, and the saturating conversions that turn checked
/// numbers into the integers libc and libcurl take. One place: a new number option picks
/// one of these ranges instead of checking on its own, and nothing converts a caller's
/// Double with `Int(_:)`.
public struct NumberRange: Sendable {
    /// The smallest value allowed, and whether it is allowed itself (false: above it).
    let lowest: Double
    let lowestIncluded: Bool
    /// The largest finite value allowed.
    let highest: Double
    /// Whether +infinity stands for "no limit".
    let infinityMeansNoLimit: Bool
    /// The unit in messages ("seconds", "").
    let unit: String

    /// Whether `value` is inside the range (NaN never is).
    public func contains(_ value: Double) -> Bool {
        if value == .infinity { return infinityMeansNoLimit }
        guard value.isFinite else { return false }
        return (lowestIncluded ? value >= lowest : value > lowest) && value <= highest
    }

    /// The range as a message writes it, e.g. "a number of seconds > 0 and <= 31536000".
    public var text: String {
        let low = lowestIncluded ? ">= \(Bounds.decimal(lowest))" : "> \(Bounds.decimal(lowest))"
        let what = unit.isEmpty ? "a number" : "a number of \(unit)"
        return "\(what) \(low) and <= \(Bounds.decimal(highest))" + (infinityMeansNoLimit ? " (or infinity: no limit)" : "")
    }

    /// The message for a value outside the range; the value itself is shown only when finite
    /// and short (it is never a secret).
    public func refusal(_ key: String) -> String { "\(key) must be \(text)" }
}

public enum Bounds {
    /// Timeouts (connect, stall, api, wait, download stall): more than 0 s and at most 365 days.
    public static let maximumSeconds = 31_536_000.0
    public static let timeout = NumberRange(lowest: 0, lowestIncluded: false, highest: maximumSeconds,
                                            infinityMeansNoLimit: false, unit: "seconds")
    /// A timeout where infinity means "no limit" (waits).
    public static let timeoutOrNoLimit = NumberRange(lowest: 0, lowestIncluded: true, highest: maximumSeconds,
                                                     infinityMeansNoLimit: true, unit: "seconds")
    /// Poll intervals: 0 (raised to the shortest interval) to one hour.
    public static let interval = NumberRange(lowest: 0, lowestIncluded: true, highest: 3600,
                                             infinityMeansNoLimit: false, unit: "seconds")
    /// Retry counts.
    public static let maximumRetries = 100
    /// The most items, or the most bytes of an offset or length: what fits in an Int64.
    public static let maximumCount = Int64.max

    /// Whole milliseconds for libcurl, at least 1, saturating at `maximumSeconds` (a value
    /// past the range cannot trap here even when a caller skipped the check).
    public static func milliseconds(_ seconds: Double) -> Int {
        guard seconds.isFinite else { return seconds > 0 ? Int(maximumSeconds * 1000) : 1 }
        let clamped = min(max(seconds, 0), maximumSeconds)
        return max(1, Int((clamped * 1000).rounded()))
    }

    /// Whole seconds and nanoseconds for nanosleep, saturating at `maximumSeconds`.
    public static func timespecParts(_ seconds: Double) -> (seconds: Int, nanoseconds: Int) {
        guard seconds > 0 else { return (0, 0) }
        let clamped = seconds.isFinite ? min(seconds, maximumSeconds) : maximumSeconds
        let whole = clamped.rounded(.towardZero)
        return (Int(whole), min(999_999_999, Int((clamped - whole) * 1e9)))
    }

    /// A number in the shortest decimal form (31536000 rather than 31536000.0).
    static func decimal(_ value: Double) -> String {
        if let whole = Int64(exactly: value) { return String(whole) }
        return String(value)
    }
}
