module osimage.dev/go/osimage

go 1.19
