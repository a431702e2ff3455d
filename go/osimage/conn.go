// Package osimage is the Go binding of libosimage, a client of the OpenStack Image service
// (Glance v2), over its public C header through cgo (pkg-config osimage).
//
// A Conn is safe for concurrent use by several goroutines, like the osi_conn under it.
// Transfers take a context.Context: when it is done, the next callback of the call (read,
// write, progress or wait) returns non-zero, the library aborts the call, and the error is an
// *Error with Status ErrAborted whose Unwrap is ctx.Err().
package osimage

// #cgo pkg-config: osimage
// #include "bridge.h"
import "C"

import (
	"sync"
	"unsafe"
)

// Options is a JSON object of options, in the library's (openstacksdk's) terms.
type Options = map[string]any

// Conn is a connection to one cloud's image service. Safe for concurrent use; Close waits
// for the calls still running.
type Conn struct {
	mu  sync.RWMutex
	ptr *C.osi_conn
}

// Open opens a connection from options: {"cloud": "name", ...overrides} names an entry of
// clouds.yaml (OS_CLIENT_CONFIG_FILE, ./clouds.yaml, ~/.config/openstack/, /etc/openstack/),
// or the same keys given inline ({"auth_type": "password", "auth": {...}, "region_name": ...}).
// It authenticates before returning, so bad credentials fail here (ErrAuth).
func Open(options Options) (*Conn, error) {
	json, err := toJSON(options)
	if err != nil {
		return nil, err
	}
	defer C.osigo_decref(json)
	var conn *C.osi_conn
	var cerr *C.osi_error
	if status := C.osi_conn_open(json, &conn, &cerr); status != C.OSI_OK {
		return nil, newError(status, cerr, nil)
	}
	return &Conn{ptr: conn}, nil
}

// OpenCloud opens the clouds.yaml entry named cloud.
func OpenCloud(cloud string) (*Conn, error) {
	return Open(Options{"cloud": cloud})
}

// OpenEnv opens a connection from the environment (OS_CLOUD, else OS_AUTH_URL and friends).
func OpenEnv() (*Conn, error) {
	var conn *C.osi_conn
	var cerr *C.osi_error
	if status := C.osi_conn_open_env(&conn, &cerr); status != C.OSI_OK {
		return nil, newError(status, cerr, nil)
	}
	return &Conn{ptr: conn}, nil
}

// Close frees the connection once the calls running on it returned. Later calls fail with
// ErrInvalidArgument. Closing twice is no error.
func (c *Conn) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	C.osi_conn_free(c.ptr)
	c.ptr = nil
	return nil
}

// use holds the connection open for one call; release with c.mu.RUnlock().
func (c *Conn) use() (*C.osi_conn, error) {
	c.mu.RLock()
	if c.ptr == nil {
		c.mu.RUnlock()
		return nil, &Error{Status: ErrInvalidArgument, Message: "the connection is closed"}
	}
	return c.ptr, nil
}

// Info says what the connection knows about itself: "image_endpoint", "versions",
// "auth_type", "region_name", "interface", "cloud", "project_id", "user_id".
func (c *Conn) Info() (map[string]any, error) {
	info, err := result[map[string]any](c, func(conn *C.osi_conn, out **C.json_t, cerr **C.osi_error) C.osi_status {
		return C.osi_conn_info(conn, out, cerr)
	})
	if err != nil {
		return nil, err
	}
	return *info, nil
}

// result runs one call on the open connection that gives a JSON value back, and decodes it
// into a new T (nil when the call gave no value).
func result[T any](c *Conn, call func(conn *C.osi_conn, out **C.json_t, cerr **C.osi_error) C.osi_status) (*T, error) {
	conn, err := c.use()
	if err != nil {
		return nil, err
	}
	defer c.mu.RUnlock()
	var out *C.json_t
	var cerr *C.osi_error
	if status := call(conn, &out, &cerr); status != C.OSI_OK {
		return nil, newError(status, cerr, nil)
	}
	if out == nil {
		return nil, nil
	}
	value := new(T)
	return value, fromJSON(out, value)
}

// cstring is C.CString for an optional string: "" gives NULL. Free with freeString.
func cstring(text string) *C.char {
	if text == "" {
		return nil
	}
	return C.CString(text)
}

func freeString(text *C.char) { C.free(unsafe.Pointer(text)) }
