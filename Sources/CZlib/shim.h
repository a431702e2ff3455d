/* zlib's inflateInit2 is a macro (it passes the library version and struct size), which Swift
   cannot call. */
#ifndef OSIMAGE_CZLIB_SHIM_H
#define OSIMAGE_CZLIB_SHIM_H
#include <zlib.h>

static inline int czlib_inflate_init2(z_stream *s, int window_bits) { return inflateInit2(s, window_bits); }
#endif
