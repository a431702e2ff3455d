/// Finds the image service's URL in a Keystone service catalog.
enum ServiceCatalog {
    /// The URL of the first endpoint of `type` with `interface` (and `region`, when given).
    static func endpoint(in catalog: JSON?, type: String, interface: String, region: String?) throws(OSIError) -> String {
        let services = catalog?.array ?? []
        var seen: [String] = []
        for service in services where service["type"]?.string == type {
            for endpoint in service["endpoints"]?.array ?? [] {
                let endpointInterface = endpoint["interface"]?.string ?? ""
                let endpointRegion = endpoint["region_id"]?.string ?? endpoint["region"]?.string ?? ""
                seen.append("\(endpointInterface)@\(endpointRegion)")
                guard endpointInterface == interface else { continue }
                if let region, !region.isEmpty, region != endpointRegion { continue }
                if let url = endpoint["url"]?.string { return url }
            }
        }
        let wanted = "\(type) service, interface \(interface)" + (region.map { ", region \($0)" } ?? "")
        let known = seen.isEmpty ? "it has no \(type) service" : "it has \(seen.joined(separator: ", "))"
        throw OSIError(.config, "no endpoint for the \(wanted) in the service catalog; \(known)")
    }
}
