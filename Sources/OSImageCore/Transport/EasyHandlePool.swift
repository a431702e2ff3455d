import CCurl
import Synchronization

/// A libcurl easy handle; one transfer uses it at a time.
struct EasyHandle: @unchecked Sendable {
    // Sendable: a handle is owned by exactly one transfer between checkOut and checkIn.
    let raw: UnsafeMutableRawPointer
}

/// Easy handles kept between transfers so each new transfer skips handle set-up and reuses
/// the live connections its handle kept (the share holds DNS and TLS sessions only). The pool
/// owns the share its handles use: a share cannot be cleaned up while a handle still points
/// at it, so the handles go first (in `deinit`) and the share after them.
final class EasyHandlePool: Sendable {
    /// The DNS cache and TLS sessions of every handle of this pool.
    let share: CurlShare
    private let idle = Mutex<[EasyHandle]>([])
    private let limit: Int

    /// A pool that keeps at most `limit` idle handles, all using `share`.
    init(share: CurlShare, limit: Int) {
        self.share = share
        self.limit = limit
    }

    /// An idle handle, reset to defaults, or a new one; nil when libcurl cannot make one.
    func checkOut() -> EasyHandle? {
        if let handle = idle.withLock({ $0.popLast() }) {
            curl_easy_reset(handle.raw)
            return handle
        }
        return curl_easy_init().map(EasyHandle.init)
    }

    /// Returns a handle after its transfer; the pool keeps it or frees it.
    func checkIn(_ handle: EasyHandle) {
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
