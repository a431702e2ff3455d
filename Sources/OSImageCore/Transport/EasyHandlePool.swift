import CCurl
import Synchronization

/// A libcurl easy handle; one transfer uses it at a time.
struct EasyHandle: @unchecked Sendable {
    // Sendable: a handle is owned by exactly one transfer between checkOut and checkIn.
    let raw: UnsafeMutableRawPointer
}

/// Easy handles kept between transfers so each new transfer skips handle set-up.
final class EasyHandlePool: Sendable {
    private let idle = Mutex<[EasyHandle]>([])
    private let limit: Int

    /// A pool that keeps at most `limit` idle handles.
    init(limit: Int) { self.limit = limit }

    /// An idle handle, reset to defaults, or a new one; nil when libcurl cannot make one.
    func checkOut() -> EasyHandle? {
        if let handle = idle.withLock({ $0.popLast() }) {
            curl_easy_reset(handle.raw)
            return handle
        }
        return curl_easy_init().map(EasyHandle.init)
    }

    /// Returns a handle after its transfer; the pool keeps it or frees it. The handle leaves
    /// its share handle (the next transfer sets it again): libcurl refuses to clean up a share
    /// that handles still use, which leaked every connection's share and connection cache.
    func checkIn(_ handle: EasyHandle) {
        _ = ccurl_setopt_share(handle.raw, nil)
        let kept = idle.withLock { handles -> Bool in
            guard handles.count < limit else { return false }
            handles.append(handle)
            return true
        }
        if !kept { curl_easy_cleanup(handle.raw) }
    }

    deinit {
        idle.withLock { handles in
            for handle in handles { curl_easy_cleanup(handle.raw) }
            handles.removeAll()
        }
    }
}
