/// Quota usage (`GET /v2/info/usage`, no openstacksdk method).
extension ImageClient {
    /// GET /v2/info/usage: {"usage": {"image_size_total": {"limit", "usage"}, "image_count_total":
    /// ..., "image_stage_total": ..., "image_count_uploading": ...}} for the calling project;
    /// {"usage": {}} where Keystone unified limits are not configured.
    public func usageInfo() throws(OSIError) -> JSON {
        try getJSON(["info", "usage"])
    }
}
