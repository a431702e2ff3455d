package osimage

// #include "bridge.h"
import "C"

import (
	"context"
	"errors"
	"io"
	"runtime/cgo"
	"unsafe"
)

// callState is what the callbacks of one call see, reached from C through a cgo.Handle (C
// holds only the handle's number, never a Go pointer). A call's callbacks run on the thread
// of that call, one at a time.
type callState struct {
	ctx      context.Context
	reader   io.Reader
	writer   io.Writer
	progress func(done, total int64)
	cause    error // why a callback aborted the call
}

func newCall(ctx context.Context) (*callState, cgo.Handle) {
	if ctx == nil {
		ctx = context.Background()
	}
	state := &callState{ctx: ctx}
	if progress, ok := ctx.Value(progressKey{}).(func(done, total int64)); ok {
		state.progress = progress
	}
	return state, cgo.NewHandle(state)
}

// done notes why the call must stop (the context's error), true when it must.
func (state *callState) done() bool {
	if err := state.ctx.Err(); err != nil {
		if state.cause == nil {
			state.cause = err
		}
		return true
	}
	return false
}

// early is the error of a call whose context is done before it starts (nil otherwise).
func (state *callState) early() error {
	if !state.done() {
		return nil
	}
	return &Error{Status: ErrAborted, Message: "the context is done", Cause: state.cause}
}

// withCause adds the cause a callback recorded to an *Error without one.
func (state *callState) withCause(err error) error {
	if failure, ok := err.(*Error); ok && failure.Cause == nil {
		failure.Cause = state.cause
	}
	return err
}

type progressKey struct{}

// WithProgress returns a context that makes the transfers called with it (CreateImage,
// UploadImage, DownloadImage) report bytes done and the total (-1 when unknown) to progress,
// on the goroutine of the call.
func WithProgress(ctx context.Context, progress func(done, total int64)) context.Context {
	return context.WithValue(ctx, progressKey{}, progress)
}

func stateOf(handle C.uintptr_t) *callState {
	state, _ := cgo.Handle(handle).Value().(*callState)
	return state
}

//export osigoRead
func osigoRead(buf unsafe.Pointer, capacity C.size_t, handle C.uintptr_t) C.int64_t {
	state := stateOf(handle)
	if state == nil || state.reader == nil || state.done() {
		return -1
	}
	if capacity == 0 {
		return 0
	}
	limit := uint64(capacity)
	if limit > 1<<30 {
		limit = 1 << 30
	}
	chunk := unsafe.Slice((*byte)(buf), int(limit))
	for {
		n, err := state.reader.Read(chunk)
		if n > 0 {
			if err != nil && !errors.Is(err, io.EOF) {
				state.cause = err
			}
			return C.int64_t(n)
		}
		if errors.Is(err, io.EOF) {
			return 0
		}
		if err != nil {
			state.cause = err
			return -1
		}
		if state.cause != nil || state.done() {
			return -1
		}
	}
}

//export osigoWrite
func osigoWrite(data unsafe.Pointer, length C.size_t, handle C.uintptr_t) C.int {
	state := stateOf(handle)
	if state == nil || state.writer == nil || state.done() {
		return 1
	}
	if length == 0 {
		return 0
	}
	if _, err := state.writer.Write(unsafe.Slice((*byte)(data), int(length))); err != nil {
		state.cause = err
		return 1
	}
	return 0
}

//export osigoProgress
func osigoProgress(done, total C.int64_t, handle C.uintptr_t) C.int {
	state := stateOf(handle)
	if state == nil || state.cause != nil || state.done() {
		return 1
	}
	if state.progress != nil && done >= 0 {
		state.progress(int64(done), int64(total))
	}
	return 0
}
