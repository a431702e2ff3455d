package osimage_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"time"

	"osimage.dev/go/osimage"
)

// How a Terraform provider's image resource (or a Packer post-processor) would use the
// package: one Conn per provider configuration, shared by every resource operation (it is
// safe for concurrent use, and Terraform runs resources in parallel); the operation's
// context (Terraform's per-operation timeout, Packer's build cancellation) passed to the
// transfers, so Ctrl-C or a timeout aborts the upload and leaves no half-made image.
func Example_terraformResource() {
	// ConfigureProvider: the provider block's cloud name, or inline auth options.
	conn, err := osimage.Open(osimage.Options{"cloud": "mycloud", "region_name": "RegionOne"})
	if err != nil {
		log.Fatalf("configure: %v", err) // an *osimage.Error: ErrAuth, ErrConfig, ...
	}
	defer conn.Close()

	// Create: upload the artifact from a reader (a file, or a pipe from a compressor).
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
	defer cancel()
	artifact, err := os.Open("output/disk.qcow2")
	if err != nil {
		log.Fatal(err)
	}
	defer artifact.Close()
	stat, _ := artifact.Stat()
	ctx = osimage.WithProgress(ctx, func(done, total int64) {
		log.Printf("uploaded %d of %d bytes", done, total) // Packer's ui.Message
	})
	image, err := conn.CreateImage(ctx, "packer-build", io.Reader(artifact), stat.Size(), osimage.Options{
		"disk_format": "qcow2", "visibility": "private", "tags": []string{"packer"},
		"os_distro": "debian", "wait": true, "timeout": 1800,
	})
	if err != nil {
		log.Fatalf("create: %v", err)
	}
	fmt.Println("d.SetId:", image.ID, image.HashAlgo, image.HashValue)

	// Read: a missing image means the resource is gone (d.SetId("")).
	if _, err := conn.GetImage(image.ID); errors.Is(err, osimage.ErrNotFound) {
		fmt.Println("gone")
	}

	// Update: only the changed attributes.
	if _, err := conn.UpdateImage(image.ID, osimage.Options{"os_version": "12"}); err != nil {
		log.Fatal(err)
	}

	// A data source that verifies what it reads back.
	if _, err := conn.DownloadImage(ctx, image.ID, io.Discard, nil); errors.Is(err, osimage.ErrChecksum) {
		log.Fatal("the stored image is corrupt")
	}

	// Delete.
	if err := conn.DeleteImage(image.ID, true); err != nil {
		log.Fatal(err)
	}
}
