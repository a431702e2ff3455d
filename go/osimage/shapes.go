package osimage

// osi_delete_image (positional ignore_missing) and osi_wait_for_image (an options object),
// each called in exactly one place, here and in bridge.c.

// #include "bridge.h"
import "C"

import (
	"context"
	"math"
	"time"
)

// DeleteImage deletes an image; with ignoreMissing a missing image is no error, otherwise
// ErrNotFound. A protected image gives ErrForbidden.
func (c *Conn) DeleteImage(id string, ignoreMissing bool) error {
	missing := C.int32_t(0)
	if ignoreMissing {
		missing = 1
	}
	cid := cstring(id)
	defer freeString(cid)
	_, err := result[struct{}](c, func(conn *C.osi_conn, _ **C.json_t, cerr **C.osi_error) C.osi_status {
		return C.osi_delete_image(conn, cid, missing, nil, cerr)
	})
	return err
}

// WaitForImage polls an image every interval until it has status ("active", "deleted", ...),
// for at most timeout (0: no limit); ctx stops the wait at the next poll (ErrAborted
// wrapping ctx.Err()). A killed image or failed import gives ErrTaskFailed.
func (c *Conn) WaitForImage(ctx context.Context, id, status string, timeout, interval time.Duration) (*Image, error) {
	seconds := math.Inf(1)
	if timeout > 0 {
		seconds = timeout.Seconds()
	}
	if interval <= 0 {
		interval = 2 * time.Second
	}
	state, handle := newCall(ctx)
	defer handle.Delete()
	cid, cstatus := cstring(id), cstring(status)
	defer freeString(cid)
	defer freeString(cstatus)
	image, err := c.imageCall(func(conn *C.osi_conn, out **C.json_t, cerr **C.osi_error) C.osi_status {
		return C.osigo_wait_for_image(conn, cid, cstatus, C.double(seconds), C.double(interval.Seconds()),
			C.uintptr_t(handle), out, cerr)
	})
	return image, state.withCause(err)
}
