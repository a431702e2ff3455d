package osimage

// #include "bridge.h"
import "C"

import (
	"context"
	"io"
	"runtime/cgo"
)

// ImageIterator walks a list of images lazily, fetching pages as Next needs them:
//
//	it := conn.Images(ctx, osimage.Options{"status": "active"})
//	defer it.Close()
//	for it.Next() {
//		image := it.Image()
//	}
//	if err := it.Err(); err != nil { ... }
//
// One goroutine at a time per iterator.
type ImageIterator struct {
	ctx   context.Context
	iter  *C.osi_iter
	image *Image
	err   error
}

// Images lists images; query holds Glance's filters (name, status, visibility, tag, owner,
// member_status, sort, limit, any property...) and the local "max_items". The context is
// checked before every item.
func (c *Conn) Images(ctx context.Context, query Options) *ImageIterator {
	it := &ImageIterator{ctx: ctx}
	if it.ctx == nil {
		it.ctx = context.Background()
	}
	conn, err := c.use()
	if err != nil {
		it.err = err
		return it
	}
	defer c.mu.RUnlock()
	json, err := toJSON(query)
	if err != nil {
		it.err = err
		return it
	}
	defer C.osigo_decref(json)
	var cerr *C.osi_error
	if status := C.osi_images(conn, json, &it.iter, &cerr); status != C.OSI_OK {
		it.err = newError(status, cerr, nil)
	}
	return it
}

// Next moves to the next image: false at the end of the list or on an error (see Err).
func (it *ImageIterator) Next() bool {
	it.image = nil
	if it.err != nil || it.iter == nil {
		return false
	}
	if err := it.ctx.Err(); err != nil {
		it.err = &Error{Status: ErrAborted, Message: "the context is done", Cause: err}
		return false
	}
	var item *C.json_t
	var cerr *C.osi_error
	if status := C.osi_iter_next(it.iter, &item, &cerr); status != C.OSI_OK {
		it.err = newError(status, cerr, nil)
		return false
	}
	if item == nil {
		return false
	}
	image := &Image{}
	if err := fromJSON(item, image); err != nil {
		it.err = err
		return false
	}
	it.image = image
	return true
}

// Image is the image Next moved to.
func (it *ImageIterator) Image() *Image { return it.image }

// Err is the error that ended the iteration, nil at a normal end.
func (it *ImageIterator) Err() error { return it.err }

// Close frees the iterator; safe to call twice.
func (it *ImageIterator) Close() error {
	C.osi_iter_free(it.iter)
	it.iter = nil
	return nil
}

// imageCall runs one call that gives an image back (nil when it gave none, e.g. FindImage
// with ignoreMissing).
func (c *Conn) imageCall(call func(conn *C.osi_conn, out **C.json_t, cerr **C.osi_error) C.osi_status) (*Image, error) {
	return result[Image](c, call)
}

// GetImage gets one image by id (ErrNotFound when there is none).
func (c *Conn) GetImage(id string) (*Image, error) {
	cid := cstring(id)
	defer freeString(cid)
	return c.imageCall(func(conn *C.osi_conn, out **C.json_t, cerr **C.osi_error) C.osi_status {
		return C.osi_get_image(conn, cid, out, cerr)
	})
}

// FindImage finds an image by id, else by exact name. With ignoreMissing no match gives
// (nil, nil); otherwise ErrNotFound. Several images of that name give ErrAmbiguous.
func (c *Conn) FindImage(nameOrID string, ignoreMissing bool) (*Image, error) {
	cname := cstring(nameOrID)
	defer freeString(cname)
	return c.imageCall(func(conn *C.osi_conn, out **C.json_t, cerr **C.osi_error) C.osi_status {
		return C.osi_find_image(conn, cname, boolInt(ignoreMissing), out, cerr)
	})
}

// UpdateImage changes attributes and properties with one JSON patch (nil values remove a
// custom property; "tags" replaces the list); nothing to change sends nothing.
func (c *Conn) UpdateImage(id string, changes Options) (*Image, error) {
	cid := cstring(id)
	defer freeString(cid)
	json, err := toJSON(changes)
	if err != nil {
		return nil, err
	}
	defer C.osigo_decref(json)
	return c.imageCall(func(conn *C.osi_conn, out **C.json_t, cerr **C.osi_error) C.osi_status {
		return C.osi_update_image(conn, cid, json, out, cerr)
	})
}

// CreateImage creates an image named name and uploads data into it, read once from data
// (nil: no data, e.g. a web-download import with "uri" in options). size is the number of
// bytes data gives, or -1 when unknown (the upload is then chunked). options are those of
// osi_create_image: "disk_format", "container_format", "visibility", "tags", properties,
// "wait", "timeout", "use_import", "import_method", "stores", "allow_duplicates", ...
// Cancelling ctx (or a read error) aborts the upload and the half-made image is deleted.
// The library calls no callback during the "wait" of options, so ctx is not seen then: for a
// cancellable wait, create without "wait" and call WaitForImage.
func (c *Conn) CreateImage(ctx context.Context, name string, data io.Reader, size int64, options Options) (*Image, error) {
	cname := cstring(name)
	defer freeString(cname)
	return c.sourceCall(ctx, data, size, options, func(conn *C.osi_conn, json *C.json_t, source *C.osi_source,
		handle C.uintptr_t, out **C.json_t, cerr **C.osi_error) C.osi_status {
		return C.osigo_create_image(conn, cname, json, source, handle, out, cerr)
	})
}

// UploadImage uploads data (size bytes, -1 unknown) into an existing image in status queued.
// options: {"validate_checksum": true}.
func (c *Conn) UploadImage(ctx context.Context, id string, data io.Reader, size int64, options Options) (*Image, error) {
	cid := cstring(id)
	defer freeString(cid)
	return c.sourceCall(ctx, data, size, options, func(conn *C.osi_conn, json *C.json_t, source *C.osi_source,
		handle C.uintptr_t, out **C.json_t, cerr **C.osi_error) C.osi_status {
		return C.osigo_upload_image(conn, cid, source, json, handle, out, cerr)
	})
}

// sourceCall runs one upload call with options and a callback source over data; a context
// already done makes no call at all.
func (c *Conn) sourceCall(ctx context.Context, data io.Reader, size int64, options Options,
	call func(conn *C.osi_conn, json *C.json_t, source *C.osi_source, handle C.uintptr_t,
		out **C.json_t, cerr **C.osi_error) C.osi_status) (*Image, error) {
	json, state, handle, end, err := startTransfer(ctx, options)
	if err != nil {
		return nil, err
	}
	defer end()
	source, err := readerSource(state, handle, data, size)
	if err != nil {
		return nil, err
	}
	defer C.osi_source_free(source)
	image, err := c.imageCall(func(conn *C.osi_conn, out **C.json_t, cerr **C.osi_error) C.osi_status {
		return call(conn, json, source, C.uintptr_t(handle), out, cerr)
	})
	return image, state.withCause(err)
}

// startTransfer converts a transfer's options and makes its callback state; end releases
// both. A context already done gives its error here, before any call.
func startTransfer(ctx context.Context, options Options) (*C.json_t, *callState, cgo.Handle, func(), error) {
	json, err := toJSON(options)
	if err != nil {
		return nil, nil, 0, nil, err
	}
	state, handle := newCall(ctx)
	end := func() {
		handle.Delete()
		C.osigo_decref(json)
	}
	if err := state.early(); err != nil {
		end()
		return nil, nil, 0, nil, err
	}
	return json, state, handle, end, nil
}

// readerSource makes a callback source over data (nil data: no source).
func readerSource(state *callState, handle cgo.Handle, data io.Reader, size int64) (*C.osi_source, error) {
	if data == nil {
		return nil, nil
	}
	state.reader = data
	if size < 0 {
		size = -1
	}
	var source *C.osi_source
	var cerr *C.osi_error
	if status := C.osigo_source_callback(C.uintptr_t(handle), C.int64_t(size), &source, &cerr); status != C.OSI_OK {
		return nil, newError(status, cerr, nil)
	}
	return source, nil
}

// DownloadImage downloads an image's data into w, verified while it streams against the
// image's os_hash_value (else checksum): a mismatch gives ErrChecksum, after w saw the data,
// so check the error before using it. options: "store_preferences", "offset", "length",
// "require_hash", "verify", "stall_timeout". Cancelling ctx, or an error from w, aborts it.
func (c *Conn) DownloadImage(ctx context.Context, id string, w io.Writer, options Options) (*DownloadResult, error) {
	json, state, handle, end, err := startTransfer(ctx, options)
	if err != nil {
		return nil, err
	}
	defer end()
	state.writer = w
	var sink *C.osi_sink
	var cerr *C.osi_error
	if status := C.osigo_sink_callback(C.uintptr_t(handle), &sink, &cerr); status != C.OSI_OK {
		return nil, newError(status, cerr, nil)
	}
	defer C.osi_sink_free(sink)
	cid := cstring(id)
	defer freeString(cid)
	download, err := result[DownloadResult](c, func(conn *C.osi_conn, out **C.json_t, cerr **C.osi_error) C.osi_status {
		return C.osigo_download_image(conn, cid, sink, json, C.uintptr_t(handle), out, cerr)
	})
	return download, state.withCause(err)
}

func boolInt(value bool) C.int32_t {
	if value {
		return 1
	}
	return 0
}
