import Glibc

/// Time without Foundation: a monotonic clock for durations and deadlines, the wall clock for
/// token expiry, and sleeping.
public enum Clock {
    /// Seconds on the monotonic clock (only differences mean anything).
    public static func monotonic() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }

    /// Seconds since the Unix epoch.
    public static func wallClock() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }

    /// Sleeps the calling thread; holds no lock of osimage's while it sleeps. Saturates at
    /// `Bounds.maximumSeconds` (never traps on a huge or infinite value).
    public static func sleep(seconds: Double) {
        let parts = Bounds.timespecParts(seconds)
        guard parts.seconds > 0 || parts.nanoseconds > 0 else { return }
        var request = timespec(tv_sec: parts.seconds, tv_nsec: parts.nanoseconds)
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
    }

    /// Parses an ISO 8601 UTC timestamp as Keystone and Glance write it
    /// (`2026-11-29T01:08:13Z`, `2026-11-29T01:08:13.000000Z`, `...+00:00`, or no zone = UTC).
    public static func parseISO8601(_ text: String) -> Double? {
        let bytes = Array(text.utf8)
        func number(_ start: Int, _ count: Int) -> Int? {
            guard start + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[start..<start + count] {
                guard (48...57).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
              let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2) else { return nil }
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(second)
        var seconds = Double(timegm(&parts))
        var index = 19
        if index < bytes.count && bytes[index] == UInt8(ascii: ".") {
            var scale = 0.1
            index += 1
            while index < bytes.count, (48...57).contains(bytes[index]) {
                seconds += Double(bytes[index] - 48) * scale
                scale /= 10
                index += 1
            }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-"),
           let zoneHours = number(index + 1, 2) {
            let zoneMinutes = number(index + 4, 2) ?? number(index + 3, 2) ?? 0
            let offset = Double(zoneHours * 3600 + zoneMinutes * 60)
            seconds += bytes[index] == UInt8(ascii: "+") ? -offset : offset
        }
        return seconds
    }
}
