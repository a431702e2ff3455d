package osimage

// #include "bridge.h"
import "C"

import "fmt"

// Status is an osimage status code (osi_status). Every non-OK Status is also an error, so the
// Err* constants are sentinels for errors.Is: errors.Is(err, osimage.ErrNotFound).
type Status int32

// The statuses of osimage_types.h.
const (
	StatusOK           Status = 0
	ErrInvalidArgument Status = 1
	ErrNotFound        Status = 2
	ErrConflict        Status = 3
	ErrAuth            Status = 4
	ErrForbidden       Status = 5
	ErrAmbiguous       Status = 6
	ErrHTTP            Status = 7
	ErrTransport       Status = 8
	ErrTimeout         Status = 9
	ErrChecksum        Status = 10
	ErrAborted         Status = 11
	ErrTaskFailed      Status = 12
	ErrUnsupported     Status = 13
	ErrNoMemory        Status = 14
	ErrConfig          Status = 15
	ErrIO              Status = 16
	ErrInternal        Status = 17
)

// Error returns the library's short description of the status, e.g. "not found".
func (s Status) Error() string {
	return C.GoString(C.osi_status_str(C.osi_status(s)))
}

// Error is a failed osimage call: the status, the HTTP status (0 when the failure was no HTTP
// answer), the server's request id, the method and URL of the failed request, and the message.
// Cause is what made a callback abort the call (the context's error, the reader's or the
// writer's error), or nil; Unwrap returns it, so errors.Is(err, context.Canceled) works.
type Error struct {
	Status     Status
	HTTPStatus int
	RequestID  string
	Method     string
	URL        string
	Message    string
	Cause      error
}

func (e *Error) Error() string {
	text := fmt.Sprintf("osimage: %s: %s", e.Status.Error(), e.Message)
	if e.HTTPStatus != 0 {
		text += fmt.Sprintf(" (HTTP %d", e.HTTPStatus)
		if e.RequestID != "" {
			text += ", request " + e.RequestID
		}
		text += ")"
	}
	if e.Cause != nil {
		text += ": " + e.Cause.Error()
	}
	return text
}

// Is makes errors.Is(err, osimage.ErrNotFound) true for an *Error with that status.
func (e *Error) Is(target error) bool {
	status, ok := target.(Status)
	return ok && status == e.Status
}

// Unwrap returns the Cause (nil when none).
func (e *Error) Unwrap() error { return e.Cause }

// newError turns an osi_error (freed here) and its status into an *Error; cause may be nil.
func newError(status C.osi_status, err *C.osi_error, cause error) error {
	if status == C.OSI_OK {
		return nil
	}
	result := &Error{Status: Status(status), Cause: cause}
	if err != nil {
		result.HTTPStatus = int(C.osi_error_http_status(err))
		result.Message = goString(C.osi_error_message(err))
		result.RequestID = goString(C.osi_error_request_id(err))
		result.Method = goString(C.osi_error_method(err))
		result.URL = goString(C.osi_error_url(err))
		C.osi_error_free(err)
	}
	if result.Message == "" {
		result.Message = result.Status.Error()
	}
	return result
}

func goString(text *C.char) string {
	if text == nil {
		return ""
	}
	return C.GoString(text)
}
