package osimage

// #include "bridge.h"
import "C"

// memberCall runs one call that gives a member back.
func (c *Conn) memberCall(call func(conn *C.osi_conn, out **C.json_t, cerr **C.osi_error) C.osi_status) (*Member, error) {
	return result[Member](c, call)
}

// AddMember shares a shared image with a project (the member starts "pending").
func (c *Conn) AddMember(imageID, projectID string) (*Member, error) {
	cimage, cproject := cstring(imageID), cstring(projectID)
	defer freeString(cimage)
	defer freeString(cproject)
	return c.memberCall(func(conn *C.osi_conn, out **C.json_t, cerr **C.osi_error) C.osi_status {
		return C.osi_add_member(conn, cimage, cproject, out, cerr)
	})
}

// UpdateMember sets the calling project's member status: "accepted", "rejected", "pending".
func (c *Conn) UpdateMember(imageID, projectID, status string) (*Member, error) {
	cimage, cproject, cstatus := cstring(imageID), cstring(projectID), cstring(status)
	defer freeString(cimage)
	defer freeString(cproject)
	defer freeString(cstatus)
	return c.memberCall(func(conn *C.osi_conn, out **C.json_t, cerr **C.osi_error) C.osi_status {
		return C.osi_update_member(conn, cimage, cproject, cstatus, out, cerr)
	})
}

// RemoveMember stops sharing an image with a project; with ignoreMissing a project that is
// no member is no error.
func (c *Conn) RemoveMember(imageID, projectID string, ignoreMissing bool) error {
	cimage, cproject := cstring(imageID), cstring(projectID)
	defer freeString(cimage)
	defer freeString(cproject)
	_, err := c.memberCall(func(conn *C.osi_conn, out **C.json_t, cerr **C.osi_error) C.osi_status {
		return C.osi_remove_member(conn, cimage, cproject, C.int32_t(boolInt(ignoreMissing)), cerr)
	})
	return err
}
