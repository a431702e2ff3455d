import COSImageTypes
import CJansson
import OSImageCore

/// Moves to the next item of a list. On success *out_item is a new reference to the item, or
/// NULL at the end of the list (the status is then OSI_OK). Fetches the next page from the
/// server when the current one is used up. One thread at a time per iterator.
@c public func osi_iter_next(_ iter: osi_iter_ref?, _ out_item: UnsafeMutablePointer<UnsafeMutablePointer<json_t>?>?,
                             _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        let out = try output(out_item, "out_item")
        guard let iter else { throw .invalidArgument("iter must not be NULL") }
        let pager = Unmanaged<ListIterator>.fromOpaque(UnsafeRawPointer(iter)).takeUnretainedValue()
        out.pointee = try pager.next()?.forC
    }
}

/// Frees an iterator. NULL is allowed. The connection it came from may be freed before it,
/// in any order: the iterator keeps what it needs.
@c public func osi_iter_free(_ iter: osi_iter_ref?) {
    guard let iter else { return }
    Unmanaged<ListIterator>.fromOpaque(UnsafeRawPointer(iter)).release()
}

/// A new iterator handle owning `pager`.
func retained(_ pager: ListIterator) -> osi_iter_ref {
    OpaquePointer(Unmanaged.passRetained(pager).toOpaque())
}
