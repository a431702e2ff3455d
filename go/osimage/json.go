package osimage

// #include "bridge.h"
import "C"

import (
	"encoding/json"
	"fmt"
	"unsafe"
)

// toJSON turns a Go value (nil: no object) into a new jansson reference; free it with
// C.osigo_decref.
func toJSON(value any) (*C.json_t, error) {
	if value == nil {
		return nil, nil
	}
	text, err := json.Marshal(value)
	if err != nil {
		return nil, &Error{Status: ErrInvalidArgument, Message: err.Error()}
	}
	if string(text) == "null" {
		return nil, nil
	}
	buffer := C.CBytes(text)
	defer C.free(buffer)
	result := C.osigo_loads((*C.char)(buffer), C.size_t(len(text)))
	if result == nil {
		return nil, &Error{Status: ErrNoMemory, Message: "jansson could not load the options"}
	}
	return result, nil
}

// fromJSON decodes a jansson value into out and releases the reference (nil leaves out alone).
func fromJSON(value *C.json_t, out any) error {
	if value == nil {
		return nil
	}
	defer C.osigo_decref(value)
	text := C.osigo_dumps(value)
	if text == nil {
		return &Error{Status: ErrNoMemory, Message: "jansson could not dump a result"}
	}
	defer C.free(unsafe.Pointer(text))
	if err := json.Unmarshal([]byte(C.GoString(text)), out); err != nil {
		return &Error{Status: ErrInternal, Message: fmt.Sprintf("decoding a result: %v", err)}
	}
	return nil
}
