package osimage

import "encoding/json"

// Image is a Glance image: the common attributes as fields, and every attribute (custom
// properties included) in Raw.
type Image struct {
	ID              string         `json:"id"`
	Name            string         `json:"name"`
	Status          string         `json:"status"`
	Visibility      string         `json:"visibility"`
	Protected       bool           `json:"protected"`
	DiskFormat      string         `json:"disk_format"`
	ContainerFormat string         `json:"container_format"`
	Size            int64          `json:"size"`
	Checksum        string         `json:"checksum"`
	HashAlgo        string         `json:"os_hash_algo"`
	HashValue       string         `json:"os_hash_value"`
	MinDisk         int64          `json:"min_disk"`
	MinRAM          int64          `json:"min_ram"`
	Owner           string         `json:"owner"`
	Tags            []string       `json:"tags"`
	CreatedAt       string         `json:"created_at"`
	UpdatedAt       string         `json:"updated_at"`
	Raw             map[string]any `json:"-"`
}

// Property is a custom property (or any attribute) as a string, "" when absent.
func (image *Image) Property(key string) string {
	if value, ok := image.Raw[key].(string); ok {
		return value
	}
	return ""
}

// UnmarshalJSON fills the fields and Raw.
func (image *Image) UnmarshalJSON(data []byte) error {
	type plain Image
	var fields plain
	if err := json.Unmarshal(data, &fields); err != nil {
		return err
	}
	*image = Image(fields)
	return json.Unmarshal(data, &image.Raw)
}

// Member is a project an image is shared with.
type Member struct {
	MemberID  string `json:"member_id"`
	ImageID   string `json:"image_id"`
	Status    string `json:"status"`
	CreatedAt string `json:"created_at"`
	UpdatedAt string `json:"updated_at"`
}

// DownloadResult says what a download moved and how it was verified.
type DownloadResult struct {
	Bytes        int64  `json:"bytes"`
	HTTPStatus   int    `json:"http_status"`
	HashAlgo     string `json:"hash_algo"`
	HashExpected string `json:"hash_expected"`
	HashActual   string `json:"hash_actual"`
	HashSource   string `json:"hash_source"`
	HashVerified bool   `json:"hash_verified"`
	Ranged       bool   `json:"ranged"`
}
