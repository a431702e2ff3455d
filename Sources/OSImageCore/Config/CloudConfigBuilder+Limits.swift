/// Reading the `Limits` keys (see `Limits` for each key and its default).
extension CloudConfigBuilder {
    func limits(_ values: ConfigValues) throws(OSIError) -> Limits {
        var limits = Limits()
        limits.maxPages = try whole(values, "max_pages", atLeast: 1) ?? limits.maxPages
        limits.maxResponseSize = try whole(values, "max_response_size", atLeast: 1024) ?? limits.maxResponseSize
        limits.maxHeaderSize = try whole(values, "max_header_size", atLeast: 1024) ?? limits.maxHeaderSize
        limits.minTransferRate = try whole(values, "min_transfer_rate", atLeast: 0) ?? limits.minTransferRate
        limits.minTransferRateTime = try positive(values, "min_transfer_rate_time") ?? limits.minTransferRateTime
        limits.maxRetryAfter = try positive(values, "max_retry_after", allowZero: true) ?? limits.maxRetryAfter
        return limits
    }

    private func whole(_ values: ConfigValues, _ key: String, atLeast minimum: Int) throws(OSIError) -> Int? {
        guard let value = try values.integer(key) else { return nil }
        guard value >= minimum else { throw OSIError(.config, "\(source.label): \(source.spelling(of: key)) must be at least \(minimum)") }
        return value
    }

    private func positive(_ values: ConfigValues, _ key: String, allowZero: Bool = false) throws(OSIError) -> Double? {
        guard let value = try values.number(key) else { return nil }
        guard value > 0 || (allowZero && value == 0), value <= 1e9 else {
            throw OSIError(.config, "\(source.label): \(source.spelling(of: key)) must be \(allowZero ? "0" : "more than 0") to 1e9 seconds")
        }
        return value
    }
}
