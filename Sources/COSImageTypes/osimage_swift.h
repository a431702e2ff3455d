/*
 * osimage_swift.h - pointer spellings for the Swift @c declarations of Sources/OSImage.
 *
 * Private to the build: never installed and never included by C users. Swift cannot spell
 * `osi_conn *` for an opaque struct, so the declarations use these names, and
 * scripts/gen-header turns them back into `osi_conn *` (and `const osi_sink *` for the
 * _cref ones) in include/osimage.h.
 */
#ifndef OSIMAGE_SWIFT_H
#define OSIMAGE_SWIFT_H

#include "../../include/osimage_types.h"

typedef osi_conn *osi_conn_ref;
typedef osi_iter *osi_iter_ref;
typedef osi_error *osi_error_ref;
typedef osi_source *osi_source_ref;
typedef osi_sink *osi_sink_ref;
typedef osi_reader *osi_reader_ref;
typedef const osi_sink *osi_sink_cref;
typedef const osi_error *osi_error_cref;

#endif /* OSIMAGE_SWIFT_H */
