import CCurl
import Glibc

/// libcurl's one-time global set-up, run before the first handle is made.
enum CurlGlobal {
    /// Runs `curl_global_init` once per process (thread-safe in libcurl >= 7.84).
    static let initialized: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK
}

/// A curl share handle: the DNS cache and TLS sessions that every transfer of one connection
/// uses, guarded by one pthread mutex per kind of shared data. The connection cache is NOT
/// shared: libcurl documents sharing it between threads that transfer at the same time as
/// unsupported. Connections are reused through `EasyHandlePool` instead: each pooled easy
/// handle keeps its own live connections between transfers (curl_easy_reset keeps them).
final class CurlShare: @unchecked Sendable {
    // Sendable: the share handle is only touched through libcurl, which calls the lock
    // callbacks below around every access; the mutexes live as long as the handle.
    let handle: UnsafeMutableRawPointer
    private let locks: UnsafeMutablePointer<pthread_mutex_t>
    private static let lockCount = Int(CURL_LOCK_DATA_LAST.rawValue)

    init?() {
        guard CurlGlobal.initialized, let share = curl_share_init() else { return nil }
        handle = share
        locks = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: Self.lockCount)
        for index in 0..<Self.lockCount { pthread_mutex_init(locks + index, nil) }
        _ = ccurl_share_setopt_ptr(share, CURLSHOPT_USERDATA, UnsafeMutableRawPointer(locks))
        _ = ccurl_share_setopt_lock(share, curlShareLock)
        _ = ccurl_share_setopt_unlock(share, curlShareUnlock)
        for data in [CURL_LOCK_DATA_DNS, CURL_LOCK_DATA_SSL_SESSION] {
            _ = ccurl_share_setopt_long(share, CURLSHOPT_SHARE, Int(data.rawValue))
        }
    }

    deinit {
        curl_share_cleanup(handle)
        for index in 0..<Self.lockCount { pthread_mutex_destroy(locks + index) }
        locks.deallocate()
    }
}

private let curlShareLock: curl_lock_function = { _, data, _, userdata in
    guard let userdata else { return }
    pthread_mutex_lock(userdata.assumingMemoryBound(to: pthread_mutex_t.self) + Int(data.rawValue))
}

private let curlShareUnlock: curl_unlock_function = { _, data, userdata in
    guard let userdata else { return }
    pthread_mutex_unlock(userdata.assumingMemoryBound(to: pthread_mutex_t.self) + Int(data.rawValue))
}
