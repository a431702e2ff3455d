/*
 * osimage_types.h - the C types of osimage, the OpenStack Image service (Glance v2) client.
 *
 * Hand-written. The functions are declared in osimage.h, which is generated from the
 * Swift declarations and includes this file; include osimage.h, not this file.
 *
 * Conventions of the whole API:
 *  - Every fallible call returns an osi_status (OSI_OK = 0), puts its results in trailing
 *    out-parameters and takes a last `osi_error **err` (may be NULL). On failure *err is
 *    set to a new osi_error that the caller frees with osi_error_free(); out-parameters are
 *    left NULL.
 *  - JSON passed in (`const json_t *`) is borrowed, never stolen. JSON passed out is a new
 *    reference: the caller calls json_decref() on it.
 *  - Strings are UTF-8 and NUL-terminated. A string the library returns is never freed by
 *    the caller: it lives as long as the object it came from (osi_error_message() and the
 *    other osi_error_* strings: until osi_error_free()) or for the life of the process
 *    (osi_status_str(), osi_version()). Strings passed in are only read during the call.
 *  - Handles (osi_conn, osi_iter, osi_error, osi_source, osi_sink) are created by one call
 *    and freed by their osi_*_free(), which accepts NULL. Buffers passed in are borrowed
 *    for the call, except osi_source_memory()'s, which must outlive the source.
 *  - Callbacks get the `userdata` given with them, run on the thread that made the call,
 *    return 0 to go on and non-zero to abort (the call then returns OSI_ABORTED), and are
 *    never called after the call that received them returned.
 *  - Callbacks may re-enter: a log, progress, read, write or wait callback may call any
 *    osimage function, on the same osi_conn too (also while its token is being refreshed).
 *    The library never holds a lock of its own while user code runs. (The handle a
 *    callback was given for, an osi_source or osi_sink in use, still belongs to its call.)
 *  - Input is checked, never trusted. Numbers: NaN and negative values are refused,
 *    infinity only where a declaration says it means "no limit"; timeouts are > 0 and
 *    <= 31536000 s (365 days), poll intervals 0..3600 s, retry counts 0..100, offsets and
 *    lengths within int64_t (offset + length too). JSON passed in: strings and keys must
 *    be valid UTF-8, at most 256 levels deep, no cycles, and at most 100000 values when a
 *    json_t used in several places (a DAG) is counted at each place. Strings that go into
 *    a URL or an HTTP header must hold no control characters (CR, LF, NUL, TAB, ...); an id,
 *    name or tag that goes into a URL path is at most 4096 bytes, a whole request URL (filters
 *    included) at most 65536; URLs configured as endpoints must be http(s):// with a host and
 *    no query or fragment.
 *    A violation is OSI_INVALID_ARGUMENT (OSI_CONFIG for configuration: options of
 *    osi_conn_open, OS_* variables, clouds.yaml) with a message naming the key and range.
 *  - Threads: one osi_conn may be used from many threads at once. An osi_iter, osi_source,
 *    osi_sink or osi_reader is used by one thread at a time. An osi_error belongs to its receiver.
 */
#ifndef OSIMAGE_TYPES_H
#define OSIMAGE_TYPES_H

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

/* Version of these headers; osi_version() and osi_version_number() give the version of the
 * loaded library. OSI_VERSION_MAJOR is the one source of the ABI version: the SONAME
 * (libosimage.so.MAJOR, set by Package.swift), scripts/install and the Python and Ruby
 * bindings' generated tables all read it from here. */
#define OSI_VERSION_MAJOR 0
#define OSI_VERSION_MINOR 1
#define OSI_VERSION_PATCH 0
/* "MAJOR.MINOR.PATCH", spelt from the three numbers above. */
#define OSI_VERSION_STRING OSI_VERSION_TEXT_(OSI_VERSION_MAJOR, OSI_VERSION_MINOR, OSI_VERSION_PATCH)
#define OSI_VERSION_TEXT_(major, minor, patch) OSI_VERSION_QUOTE_(major.minor.patch)
#define OSI_VERSION_QUOTE_(text) #text
/* MAJOR * 10000 + MINOR * 100 + PATCH, for #if comparisons. */
#define OSI_VERSION_NUMBER ((OSI_VERSION_MAJOR * 10000) + (OSI_VERSION_MINOR * 100) + OSI_VERSION_PATCH)

/* A connection to one cloud's image service: credentials, endpoint, reused HTTP connections.
 * Thread-safe: share one between threads. Free with osi_conn_free(). */
typedef struct osi_conn osi_conn;
/* A lazy list (images, members, tasks, stores); fetches pages as it goes.
 * One thread at a time. Free with osi_iter_free(). */
typedef struct osi_iter osi_iter;
/* What went wrong: code, HTTP status, message, request id, method and URL.
 * Free with osi_error_free(). */
typedef struct osi_error osi_error;
/* Where upload data comes from: a file, an open fd, a borrowed buffer or a read callback
 * (osi_source_*). One thread at a time. Free with osi_source_free(). */
typedef struct osi_source osi_source;
/* Where downloaded data goes: a write callback, a file, an open fd or memory (osi_sink_*).
 * One thread at a time. Free with osi_sink_free(). */
typedef struct osi_sink osi_sink;
/* An image download the caller pulls into its own buffers (osi_reader_open/read), verified
 * as the bytes pass. One thread at a time. Free with osi_reader_free(). */
typedef struct osi_reader osi_reader;

/* Status codes. Numbers never change; a retired code keeps its number. */
typedef enum osi_status {
    OSI_OK = 0,
    OSI_INVALID_ARGUMENT = 1, /* NULL, wrong JSON type, invalid UTF-8, forbidden characters,
                                 a number out of its range, JSON too deep or too large */
    OSI_NOT_FOUND = 2,        /* HTTP 404, or nothing matched a find */
    OSI_CONFLICT = 3,         /* HTTP 409: wrong state, duplicate */
    OSI_AUTH = 4,             /* HTTP 401, or the identity service refused the credentials */
    OSI_FORBIDDEN = 5,        /* HTTP 403 */
    OSI_AMBIGUOUS = 6,        /* a find matched more than one resource */
    OSI_HTTP = 7,             /* any other HTTP error status (osi_error_http_status tells) */
    OSI_TRANSPORT = 8,        /* no connection, TLS failure, connection dropped */
    OSI_TIMEOUT = 9,          /* connect, stall, api or wait timeout */
    OSI_CHECKSUM = 10,        /* data did not match its checksum */
    OSI_ABORTED = 11,         /* a callback returned non-zero */
    OSI_TASK_FAILED = 12,     /* a task or import ended in failure */
    OSI_UNSUPPORTED = 13,     /* the cloud lacks the feature (e.g. an import method) */
    OSI_NO_MEMORY = 14,
    OSI_CONFIG = 15,          /* clouds.yaml / options: unknown cloud, missing keys, a value
                                 out of range; clouds.yaml larger than 1 MiB or, with its
                                 aliases expanded, 100000 values */
    OSI_IO = 16,              /* a local file could not be read or written */
    OSI_INTERNAL = 17         /* a bug in osimage or an unexpected server answer */
} osi_status;

/* Log levels for osi_conn_set_log(); a level includes those above it. */
typedef enum osi_log_level {
    OSI_LOG_NONE = 0,
    OSI_LOG_ERROR = 1,
    OSI_LOG_WARNING = 2,
    OSI_LOG_INFO = 3,  /* one line per HTTP request: method, URL, status, time, request id */
    OSI_LOG_DEBUG = 4
} osi_log_level;

/* Receives one log line (no trailing newline; secrets are redacted). Return 0 to go on,
 * non-zero to abort the call that logged it. It may call osimage functions on the same
 * connection; the lines those log come to it as well (guard against endless recursion). */
typedef int (*osi_log_cb)(osi_log_level level, const char *line, void *userdata);

/* Reports transfer progress: bytes done and total (-1 when unknown). Return 0 to go on,
 * non-zero to abort the transfer (the call returns OSI_ABORTED). */
typedef int (*osi_progress_cb)(int64_t done, int64_t total, void *userdata);

/* Fills `buf` with up to `cap` bytes of upload data. Returns how many bytes it wrote, 0 at
 * the end of the data, or a negative number to abort the upload (the call returns
 * OSI_ABORTED). Returning more than `cap` fails the upload with OSI_INVALID_ARGUMENT. */
typedef int64_t (*osi_read_cb)(void *buf, size_t cap, void *userdata);

/* Receives the next `len` bytes of a download. Return 0 to go on, non-zero to abort (the
 * call returns OSI_ABORTED). */
typedef int (*osi_write_cb)(const void *data, size_t len, void *userdata);

/* Sees the resource (an image or a task; borrowed, valid during the call) after every poll of
 * a wait. Return 0 to go on waiting, non-zero to stop (the wait returns OSI_ABORTED). */
typedef int (*osi_wait_cb)(const json_t *resource, void *userdata);

#endif /* OSIMAGE_TYPES_H */
