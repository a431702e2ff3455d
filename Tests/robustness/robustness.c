/*
 * robustness.c - calls every function of include/osimage.h with bad input, each case in a
 * child process, and counts crashes, hangs, runaway memory and sanitizer reports.
 *
 * The table of functions and parameters (robustness_table.c) is generated from the header by
 * Tests/robustness/gen-table at build time; Tests/robustness/run.sh builds and runs this.
 * For every function it makes these cases, each in its own fork()ed child with its own real
 * handles (a connection to the noauth stack, iterators, readers, sources, sinks, errors, and
 * for the cases that get past argument checking an image or a metadef namespace of its own):
 *   - the good call (every argument valid);
 *   - each pointer argument NULL in turn (handles, strings, JSON, out-parameters, callbacks);
 *   - extreme numbers for every numeric argument (NaN, +-inf, -1, 0, 1e300, 2^63, INT64_MAX...);
 *   - bad strings for every string argument: invalid UTF-8, empty, 1 MiB (once per argument),
 *     and / ? # % space CR LF inside;
 *   - for every JSON argument: the wrong JSON type for the whole value, shared sub-objects
 *     (a DAG with 2^40 paths), deep nesting; for each of its documented option keys: every
 *     wrong JSON type, extreme numbers (numeric keys), bad strings (string keys; a key of no
 *     known type gets both); for an array (of strings), the same as its elements;
 *   - for osi_conn_open_env: the same through OS_<KEY> environment variables;
 *   - callbacks that abort or call back into the library on the same connection; sources and
 *     sinks of every kind.
 * A case fails when its child dies of a signal, exits non-zero, runs past the time bound, grows
 * past the memory bound or prints a sanitizer report, or when the call breaks the error
 * contract of osimage_types.h (a failure without *err, a success with *err set, an
 * out-parameter set on failure, or OSI_NO_MEMORY / OSI_INTERNAL, which no case should cause).
 *
 *   robustness [-j JOBS] [-t SECONDS] [-m MIB] [-k KNOWN_OPEN_FILE] [-f FILTER] [-s] [-l] [-v]
 *   (-s: the sample for the sanitizer build, see in_sample; -l: list the case ids)
 *
 * Needs OSI_TEST_NOAUTH_CLOUDS (the noauth stack's clouds.yaml with the cloud "osi-noauth").
 * Ends with "N passed, N failed".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#include <osimage.h>

/* ---- the table's types (robustness_table.c uses them) ---- */

typedef union osr_value {
    void *p;
    void (*fn)(void); /* callbacks: C converts between function pointer types only */
    const void *cp;
    const char *s;
    int64_t i64;
    uint64_t u64;
    double d;
} osr_value;

enum osr_kind {
    OSR_CONN, OSR_OUT_CONN, OSR_ITER, OSR_OUT_ITER, OSR_SOURCE, OSR_OUT_SOURCE, OSR_SINK, OSR_OUT_SINK,
    OSR_ERROR, OSR_OUT_ERR, OSR_STRING, OSR_JSON, OSR_OUT_JSON, OSR_OUT_SIZE, OSR_BUFFER, OSR_USERDATA,
    OSR_I32, OSR_I64, OSR_SIZE, OSR_DOUBLE, OSR_LOG_LEVEL, OSR_STATUS_CODE, OSR_LOG_CB, OSR_PROGRESS_CB,
    OSR_READ_CB, OSR_WRITE_CB, OSR_WAIT_CB, OSR_ENV, OSR_READER, OSR_OUT_READER, OSR_OUT_I32, OSR_OUT_BUFFER
};
enum osr_ret { OSR_RET_STATUS, OSR_RET_INT, OSR_RET_PTR, OSR_RET_VOID };
enum osr_key_type { OSR_KEY_STRING, OSR_KEY_STRINGS, OSR_KEY_BOOL, OSR_KEY_INTEGER, OSR_KEY_NUMBER, OSR_KEY_OBJECT, OSR_KEY_ANY, OSR_KEY_FILE };
enum osr_base {
    OSR_BASE_NONE, OSR_BASE_IMAGE_ID, OSR_BASE_PROJECT_ID, OSR_BASE_TASK_ID, OSR_BASE_TAG, OSR_BASE_NEW_NAME,
    OSR_BASE_STATUS_ACTIVE, OSR_BASE_STATUS_SUCCESS, OSR_BASE_STATUS_ACCEPTED, OSR_BASE_PATH_OUT, OSR_BASE_PATH_IN,
    OSR_BASE_FD_OUT, OSR_BASE_FD_IN, OSR_BASE_ONE, OSR_BASE_ZERO, OSR_BASE_MINUS_ONE, OSR_BASE_BUFFER_LEN,
    OSR_BASE_ONE_MIB, OSR_BASE_HALF_SECOND, OSR_BASE_TENTH_SECOND, OSR_BASE_LOG_DEBUG, OSR_BASE_STATUS_NOT_FOUND,
    OSR_BASE_NAMESPACE, OSR_BASE_METADEF_ITEM, OSR_BASE_RESOURCE_TYPE, OSR_BASE_FORMAT_GZIP, OSR_BASE_CACHE_TARGET,
    OSR_BASE_URL_UNREACHABLE, OSR_BASE_BUFFER_CAP
};

typedef struct osr_key {
    const char *key;
    int type;
} osr_key;

typedef struct osr_param {
    const char *name;
    int kind;
    int base;
    const osr_key *keys;   /* option keys of a JSON (or ENV) parameter */
    const char *base_json; /* the good JSON, "" for NULL */
} osr_param;

#define OSR_MAX_PARAMS 16
typedef struct osr_function {
    const char *name;
    void (*call)(const osr_value *a, osr_value *r);
    int ret;
    int nparams;
    osr_param params[OSR_MAX_PARAMS];
} osr_function;

#include "robustness_table.c"

/* ---- the values tried ---- */

typedef struct osr_number {
    const char *label;
    double d;
    int64_t i;
    uint64_t u;
} osr_number;

static const osr_number doubles[] = {
    {"nan", NAN, 0, 0}, {"inf", INFINITY, 0, 0}, {"-inf", -INFINITY, 0, 0}, {"-1", -1.0, 0, 0},
    {"0", 0.0, 0, 0}, {"1e300", 1e300, 0, 0}, {"-1e300", -1e300, 0, 0}, {"2^63", 9223372036854775808.0, 0, 0},
    {"INT64_MAX", (double)INT64_MAX, 0, 0}, {"5e-324", 5e-324, 0, 0},
};
static const osr_number int32s[] = {
    {"INT32_MIN", 0, INT32_MIN, 0}, {"-1", 0, -1, 0}, {"0", 0, 0, 0}, {"1", 0, 1, 0},
    {"2", 0, 2, 0}, {"1000000", 0, 1000000, 0}, {"INT32_MAX", 0, INT32_MAX, 0},
};
static const osr_number int64s[] = {
    {"INT64_MIN", 0, INT64_MIN, 0}, {"-2", 0, -2, 0}, {"-1", 0, -1, 0}, {"0", 0, 0, 0},
    {"1", 0, 1, 0}, {"2^62", 0, INT64_C(1) << 62, 0}, {"INT64_MAX", 0, INT64_MAX, 0},
};
static const osr_number sizes[] = {
    {"0", 0, 0, 0}, {"1", 0, 0, 1}, {"2^63", 0, 0, UINT64_C(1) << 63}, {"SIZE_MAX", 0, 0, SIZE_MAX},
};
static const osr_number enums[] = {
    {"-1", 0, -1, 0}, {"5", 0, 5, 0}, {"18", 0, 18, 0}, {"1000", 0, 1000, 0},
    {"INT32_MAX", 0, INT32_MAX, 0}, {"INT32_MIN", 0, INT32_MIN, 0},
};
#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* Bad strings; "1MiB" is made on demand (once per argument). */
static const char *const strings[][2] = {
    {"empty", ""}, {"1MiB", NULL}, {"invalid-utf8", "osi-robust-\xff\xfe"}, {"overlong-slash", "osi-robust-\xc0\xaf"},
    {"surrogate", "osi-robust-\xed\xa0\x80"}, {"slash", "osi-robust/x"}, {"question", "osi-robust?x=1"},
    {"hash", "osi-robust#x"}, {"percent", "osi-robust%2F%"}, {"space", "osi-robust x"}, {"cr", "osi-robust\rx"},
    {"lf", "osi-robust\nX-Injected: 1"}, {"dotdot", ".."}, {"controls", "osi-robust\x01\x1f\x7f"},
    {"url-chars", "osi-robust/?#% x"}, {"crlf", "osi-robust\r\nX-Injected: 1"},
};
/* Bad strings inside JSON (and environment variables): fewer, no 1 MiB. */
static const int json_strings[] = {0, 2, 5, 14, 15};

/* Numbers inside JSON: integers, reals and the same as text (as env variables and YAML give
 * them). JSON has no NaN or infinity (jansson's json_real refuses them), so those come as text. */
static const char *const json_numbers[][2] = {
    {"-1", "-1"}, {"0", "0"}, {"INT64_MAX", "9223372036854775807"}, {"2^63", "9223372036854775808.0"},
    {"1e300", "1e300"}, {"1e16", "1e16"}, {"\"nan\"", "\"nan\""}, {"\"inf\"", "\"inf\""}, {"\"-inf\"", "\"-inf\""},
    {"\"1e300\"", "\"1e300\""},
};
/* Wrong JSON types for a key; the type that fits is tried too (it costs one case). JSON null
 * is left out: options read it as absent, which the good call already does. */
static const char *const json_types[][2] = {
    {"string", "\"x\""}, {"integer", "7"}, {"real", "2.5"}, {"true", "true"},
    {"array", "[1, \"x\"]"}, {"object", "{\"x\": 1}"},
};
/* The whole JSON argument replaced. */
enum { WHOLE_ARRAY, WHOLE_STRING, WHOLE_INTEGER, WHOLE_TRUE, WHOLE_NULL, WHOLE_DAG, WHOLE_DEEP, WHOLE_COUNT };
static const char *const whole_labels[] = {"array", "string", "integer", "true", "json-null", "dag-2^40", "deep-100000"};

/* ---- cases ---- */

enum osr_variant {
    V_GOOD,      /* every argument valid */
    V_NULL,      /* param NULL */
    V_NUMBER,    /* param = an extreme number (index) */
    V_STRING,    /* param = a bad string (index) */
    V_WHOLE,     /* JSON param replaced (index) */
    V_KEY_TYPE,  /* JSON param's key = a wrong type (index) */
    V_KEY_NUM,   /* JSON param's key = an extreme number (index) */
    V_KEY_STR,   /* JSON param's key = a bad string (index into json_strings) */
    V_CALLBACK,  /* callback param: 0 aborts, 1 re-enters the library on the same connection */
    V_HANDLE,    /* source/sink param of another kind (index) */
    V_KEY_FILE,  /* JSON param's key (a file path) = a bad file (index) */
};

/* Bad files for keys that name a file (clouds.yaml, secure.yaml). */
enum { FILE_ALIAS_BOMB, FILE_DEEP, FILE_HUGE_NUMBER, FILE_INVALID_UTF8, FILE_DEV_ZERO, FILE_DIRECTORY, FILE_COUNT };
static const char *const file_labels[] = {"yaml-alias-bomb", "yaml-deep-100000", "yaml-connect_timeout-1e300",
                                          "yaml-invalid-utf8", "/dev/zero", "a-directory"};

typedef struct osr_case {
    int function;
    int param;
    int variant;
    int index;
    int key;
    char id[192];
} osr_case;

static osr_case *cases;
static int case_count, case_capacity;

static void add_case(int function, int param, int variant, int index, int key)
{
    if (case_count == case_capacity) {
        case_capacity = case_capacity ? case_capacity * 2 : 1024;
        cases = realloc(cases, (size_t)case_capacity * sizeof *cases);
        if (cases == NULL) {
            perror("realloc");
            exit(2);
        }
    }
    osr_case *c = &cases[case_count++];
    c->function = function;
    c->param = param;
    c->variant = variant;
    c->index = index;
    c->key = key;
    const osr_function *f = &osr_functions[function];
    const osr_param *p = param >= 0 ? &f->params[param] : NULL;
    const char *key_name = key >= 0 ? p->keys[key].key : "";
    switch (variant) {
    case V_GOOD: snprintf(c->id, sizeof c->id, "%s good", f->name); break;
    case V_NULL: snprintf(c->id, sizeof c->id, "%s %s=NULL", f->name, p->name); break;
    case V_NUMBER: {
        const osr_number *n = p->kind == OSR_DOUBLE ? &doubles[index] : p->kind == OSR_I32 ? &int32s[index]
                            : p->kind == OSR_I64 ? &int64s[index] : p->kind == OSR_SIZE ? &sizes[index] : &enums[index];
        snprintf(c->id, sizeof c->id, "%s %s=%s", f->name, p->name, n->label);
        break;
    }
    case V_STRING: snprintf(c->id, sizeof c->id, "%s %s=%s", f->name, p->name, strings[index][0]); break;
    case V_WHOLE: snprintf(c->id, sizeof c->id, "%s %s=%s", f->name, p->name, whole_labels[index]); break;
    case V_KEY_TYPE: snprintf(c->id, sizeof c->id, "%s %s.%s=%s", f->name, p->name, key_name, json_types[index][0]); break;
    case V_KEY_NUM: snprintf(c->id, sizeof c->id, "%s %s.%s=%s", f->name, p->name, key_name, json_numbers[index][0]); break;
    case V_KEY_STR: snprintf(c->id, sizeof c->id, "%s %s.%s=%s", f->name, p->name, key_name, strings[json_strings[index]][0]); break;
    case V_CALLBACK: snprintf(c->id, sizeof c->id, "%s %s=%s", f->name, p->name, index == 0 ? "aborting" : "reentrant"); break;
    case V_HANDLE: snprintf(c->id, sizeof c->id, "%s %s=kind-%d", f->name, p->name, index); break;
    case V_KEY_FILE: snprintf(c->id, sizeof c->id, "%s %s.%s=%s", f->name, p->name, key_name, file_labels[index]); break;
    }
}

static int is_pointer_kind(int kind)
{
    switch (kind) {
    case OSR_I32: case OSR_I64: case OSR_SIZE: case OSR_DOUBLE: case OSR_LOG_LEVEL: case OSR_STATUS_CODE: case OSR_ENV:
        return 0;
    default:
        return 1;
    }
}

static int number_count(int kind)
{
    switch (kind) {
    case OSR_DOUBLE: return COUNT(doubles);
    case OSR_I32: return COUNT(int32s);
    case OSR_I64: return COUNT(int64s);
    case OSR_SIZE: return COUNT(sizes);
    case OSR_LOG_LEVEL: case OSR_STATUS_CODE: return COUNT(enums);
    default: return 0;
    }
}

enum { SOURCE_KINDS = 5, SINK_KINDS = 4 };

static void make_cases(void)
{
    for (int fi = 0; fi < OSR_FUNCTION_COUNT; fi++) {
        const osr_function *f = &osr_functions[fi];
        add_case(fi, -1, V_GOOD, 0, -1);
        for (int pi = 0; pi < f->nparams; pi++) {
            const osr_param *p = &f->params[pi];
            if (is_pointer_kind(p->kind))
                add_case(fi, pi, V_NULL, 0, -1);
            for (int i = 0; i < number_count(p->kind); i++)
                add_case(fi, pi, V_NUMBER, i, -1);
            if (p->kind == OSR_STRING)
                for (int i = 0; i < COUNT(strings); i++)
                    add_case(fi, pi, V_STRING, i, -1);
            if (p->kind == OSR_JSON)
                for (int i = 0; i < WHOLE_COUNT; i++)
                    add_case(fi, pi, V_WHOLE, i, -1);
            if (p->kind == OSR_LOG_CB || p->kind == OSR_PROGRESS_CB || p->kind == OSR_READ_CB || p->kind == OSR_WRITE_CB
                || p->kind == OSR_WAIT_CB) {
                add_case(fi, pi, V_CALLBACK, 0, -1);
                add_case(fi, pi, V_CALLBACK, 1, -1);
            }
            if (p->kind == OSR_SOURCE)
                for (int i = 1; i < SOURCE_KINDS; i++)
                    add_case(fi, pi, V_HANDLE, i, -1);
            if (p->kind == OSR_SINK)
                for (int i = 1; i < SINK_KINDS; i++)
                    add_case(fi, pi, V_HANDLE, i, -1);
            if (p->keys == NULL)
                continue;
            for (int ki = 0; p->keys[ki].key != NULL; ki++) {
                int type = p->keys[ki].type;
                if (p->kind != OSR_ENV)
                    for (int i = 0; i < COUNT(json_types); i++)
                        add_case(fi, pi, V_KEY_TYPE, i, ki);
                if (type == OSR_KEY_INTEGER || type == OSR_KEY_NUMBER || type == OSR_KEY_ANY)
                    for (int i = 0; i < COUNT(json_numbers); i++)
                        add_case(fi, pi, V_KEY_NUM, i, ki);
                if (type == OSR_KEY_STRING || type == OSR_KEY_STRINGS || type == OSR_KEY_ANY || type == OSR_KEY_FILE)
                    for (int i = 0; i < COUNT(json_strings); i++)
                        add_case(fi, pi, V_KEY_STR, i, ki);
                if (type == OSR_KEY_FILE)
                    for (int i = 0; i < FILE_COUNT; i++)
                        add_case(fi, pi, V_KEY_FILE, i, ki);
            }
        }
    }
}

/* ---- shared state made by the parent ---- */

static const char *noauth_clouds;
static char noauth_endpoint[256]; /* its endpoint, read from that file */
static char data_image_id[64];   /* an active image with DATA_SIZE bytes */
static char mutable_image_id[64]; /* a queued image whose attributes the cases change */
static char run_tag[32];          /* "osi-robust-r<pid>-": the names of what this run makes begin so */
static char work_dir[256];
static char input_path[300];
static unsigned char data_bytes[1024];
#define DATA_SIZE sizeof data_bytes
static int verbose;
static int sample; /* -s: a sample for the slower sanitizer build (see in_sample) */

/* ---- in the child ---- */

static osi_conn *child_conn;    /* the case's connection, for re-entrant callbacks */
static char child_image_id[64]; /* the image the case works on */
static int reentered;
static int reentries; /* how often callbacks called back into the library, for -v */

static void die(int code, const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    vfprintf(stderr, fmt, args);
    va_end(args);
    fputc('\n', stderr);
    fflush(NULL);
    _exit(code);
}

static void reenter(void)
{
    /* Calls back into the library on the same connection, as issue 8 says a callback may. */
    json_t *image = NULL;
    osi_error *err = NULL;
    if (child_conn != NULL && reentered < 3) {
        reentered++;
        reentries++;
        osi_get_image(child_conn, child_image_id, &image, &err);
        json_decref(image);
        osi_error_free(err);
        reentered--;
    }
}

static int callback_mode; /* 0: go on, 1: abort, 2: re-enter */

static int log_cb(osi_log_level level, const char *line, void *userdata)
{
    (void)level; (void)userdata;
    if (line != NULL && strlen(line) > (1u << 24))
        die(4, "log line too long");
    if (callback_mode == 2)
        reenter();
    return callback_mode == 1;
}

static int progress_cb(int64_t done, int64_t total, void *userdata)
{
    (void)done; (void)total; (void)userdata;
    if (callback_mode == 2)
        reenter();
    return callback_mode == 1;
}

typedef struct reader {
    size_t offset;
} reader;

static int64_t read_cb(void *buf, size_t cap, void *userdata)
{
    reader *state = userdata;
    if (callback_mode == 2)
        reenter();
    if (callback_mode == 1)
        return -1;
    if (state == NULL || buf == NULL || state->offset >= DATA_SIZE)
        return 0;
    size_t n = DATA_SIZE - state->offset;
    if (n > cap)
        n = cap;
    memcpy(buf, data_bytes + state->offset, n);
    state->offset += n;
    return (int64_t)n;
}

static int write_cb(const void *data, size_t len, void *userdata)
{
    (void)userdata;
    volatile unsigned char sink = 0;
    for (size_t i = 0; data != NULL && i < len; i += 512)
        sink ^= ((const unsigned char *)data)[i];
    (void)sink;
    if (callback_mode == 2)
        reenter();
    return callback_mode == 1;
}

static int wait_cb(const json_t *resource, void *userdata)
{
    (void)userdata;
    if (resource != NULL && json_object_get(resource, "status") == NULL)
        die(4, "wait callback: a resource without status");
    if (callback_mode == 2)
        reenter();
    return callback_mode == 1;
}

/* Functions that only change an image's attributes, tags or properties: their cases that get
 * past argument checking share one queued image (mutable_image_id) instead of making their own. */
static int changes_attributes(const char *name)
{
    static const char *const names[] = {"osi_update_image", "osi_update_image_properties", "osi_add_tag", "osi_remove_tag"};
    for (int i = 0; i < COUNT(names); i++)
        if (strcmp(name, names[i]) == 0)
            return 1;
    return 0;
}

/* Functions that only read: they get the shared image. Others get an image of their own. */
static int reads_only(const char *name)
{
    static const char *const prefixes[] = {
        "osi_get_", "osi_find_", "osi_download_", "osi_images", "osi_members", "osi_image_tasks", "osi_wait_",
        "osi_stores", "osi_tasks", "osi_iter_", "osi_error_", "osi_conn_", "osi_sink_", "osi_source_", "osi_status_",
        "osi_version", "osi_reader_", "osi_copy_image", "osi_image_locations", "osi_cached_image_nodes",
    };
    for (int i = 0; i < COUNT(prefixes); i++)
        if (strncmp(name, prefixes[i], strlen(prefixes[i])) == 0)
            return 1;
    return 0;
}

static osi_conn *open_noauth(void)
{
    osi_conn *conn = NULL;
    osi_error *err = NULL;
    json_t *options = json_pack("{s:s, s:s}", "cloud", "osi-noauth", "config_file", noauth_clouds);
    osi_status rc = osi_conn_open(options, &conn, &err);
    json_decref(options);
    if (rc != OSI_OK)
        die(3, "setup: cannot open the noauth connection: %s", err ? osi_error_message(err) : "?");
    return conn;
}

static char *mib_string(void)
{
    size_t size = 1u << 20;
    char *text = malloc(size + 1);
    if (text == NULL)
        die(3, "setup: out of memory");
    memset(text, 'a', size);
    text[size] = '\0';
    return text;
}

static char child_namespace[112]; /* the metadef namespace the case works on */
#define MISSING_IMAGE_ID "00000000-0000-4000-8000-00000000dead"
#define MISSING_NAMESPACE "osi-robust-ns-missing"
#define METADEF_ITEM "osi-robust-item"

/* The value of an "@NAME" placeholder of the table's JSON, or NULL when it is none. */
static const char *placeholder(const char *text, const char *new_name)
{
    if (strcmp(text, "@NOAUTH_CLOUDS") == 0) return noauth_clouds;
    if (strcmp(text, "@NEW_NAME") == 0) return new_name;
    if (strcmp(text, "@IMAGE_ID") == 0) return child_image_id;
    if (strcmp(text, "@MISSING_IMAGE_ID") == 0) return MISSING_IMAGE_ID;
    if (strcmp(text, "@NAMESPACE") == 0) return child_namespace;
    if (text[0] == '@') die(3, "setup: unknown placeholder %s in the table", text);
    return NULL;
}

/* Replaces the placeholders in value (objects and arrays, at any depth). */
static void fill(json_t *value, const char *new_name)
{
    const char *key;
    json_t *member;
    void *tmp;
    size_t index;
    if (json_is_object(value)) {
        json_object_foreach_safe(value, tmp, key, member) {
            const char *text = json_is_string(member) ? placeholder(json_string_value(member), new_name) : NULL;
            if (text != NULL)
                json_object_set_new(value, key, json_string(text)); /* frees member */
            else
                fill(member, new_name);
        }
    } else if (json_is_array(value)) {
        json_array_foreach(value, index, member) {
            const char *text = json_is_string(member) ? placeholder(json_string_value(member), new_name) : NULL;
            if (text != NULL)
                json_array_set_new(value, index, json_string(text));
            else
                fill(member, new_name);
        }
    }
}

/* A JSON value from text, its placeholders filled in. */
static json_t *parse(const char *text, const char *new_name)
{
    if (text == NULL || *text == '\0')
        return NULL;
    json_error_t error;
    json_t *value = json_loads(text, JSON_DECODE_ANY, &error);
    if (value == NULL)
        die(3, "setup: bad JSON in the table: %s (%s)", text, error.text);
    fill(value, new_name);
    return value;
}

/* {"a": X, "b": X} forty levels deep, every X the same object: 2^40 paths, 40 objects. */
static json_t *dag(void)
{
    json_t *node = json_pack("{s:s}", "leaf", "x");
    for (int i = 0; i < 40; i++) {
        json_t *parent = json_object();
        json_object_set(parent, "a", node);
        json_object_set(parent, "b", node);
        json_decref(node);
        node = parent;
    }
    return node;
}

static json_t *deep(void)
{
    json_t *node = json_array();
    for (int i = 0; i < 100000; i++) {
        json_t *parent = json_array();
        json_array_append_new(parent, node);
        node = parent;
    }
    return node;
}

/* json_decref, but without jansson's recursion on deeply nested arrays (it would overflow). */
static void free_json(json_t *value)
{
    if (json_is_object(value)) {
        const char *key;
        json_t *member;
        void *tmp;
        json_object_foreach_safe(value, tmp, key, member) {
            json_t *inner = json_incref(member);
            json_object_del(value, key);
            free_json(inner);
        }
    }
    while (json_is_array(value) && json_array_size(value) == 1 && value->refcount == 1) {
        json_t *child = json_incref(json_array_get(value, 0));
        json_array_clear(value);
        json_decref(value);
        value = child;
    }
    json_decref(value);
}

/* The value a bad-string index stands for (1 MiB made on demand). */
static const char *bad_string(int index)
{
    return strings[index][1] != NULL ? strings[index][1] : mib_string();
}

/* A JSON string that may hold invalid UTF-8 (json_string refuses it; a C caller may not). */
static json_t *json_bad_string(int index)
{
    const char *text = bad_string(index);
    return json_stringn_nocheck(text, strlen(text));
}

/* Writes a bad file for a file-naming key into the case's directory; returns its path. */
static const char *bad_file(int index)
{
    if (index == FILE_DEV_ZERO)
        return "/dev/zero";
    if (index == FILE_DIRECTORY)
        return ".";
    FILE *file = fopen("bad.yaml", "w");
    if (file == NULL)
        die(3, "setup: cannot write bad.yaml");
    fprintf(file, "clouds:\n  osi-noauth:\n    auth_type: none\n    auth:\n      endpoint: %s\n"
                  "    image_endpoint_override: %s\n    region_name: RegionOne\n", noauth_endpoint, noauth_endpoint);
    switch (index) {
    case FILE_ALIAS_BOMB:
        /* 1 KiB: nine levels of mappings of ten aliases each, used by the cloud entry and by
         * its region's values (merged into it) */
        fprintf(file, "    l0: &l0 {v: x}\n");
        for (int level = 1; level <= 9; level++) {
            fprintf(file, "    l%d: &l%d {", level, level);
            for (int k = 0; k < 10; k++)
                fprintf(file, "%sk%d: *l%d", k ? ", " : "", k, level - 1);
            fprintf(file, "}\n");
        }
        fprintf(file, "    bomb: *l9\n    regions: [{name: RegionOne, values: {bomb: *l9}}]\n");
        break;
    case FILE_DEEP:
        fprintf(file, "    deep: ");
        for (int i = 0; i < 100000; i++)
            fputc('[', file);
        for (int i = 0; i < 100000; i++)
            fputc(']', file);
        fputc('\n', file);
        break;
    case FILE_HUGE_NUMBER: fprintf(file, "    connect_timeout: 1e300\n"); break;
    case FILE_INVALID_UTF8: fprintf(file, "    app_name: \"osi\xff\xfe\"\n"); break;
    }
    fclose(file);
    return "bad.yaml";
}

static json_t *key_value(const osr_case *c)
{
    switch (c->variant) {
    case V_KEY_TYPE: return parse(json_types[c->index][1], "");
    case V_KEY_NUM: return parse(json_numbers[c->index][1], "");
    case V_KEY_FILE: return json_string(bad_file(c->index));
    case V_KEY_STR: {
        json_t *text = json_bad_string(json_strings[c->index]);
        const osr_param *p = &osr_functions[c->function].params[c->param];
        if (p->keys[c->key].type == OSR_KEY_STRINGS) {
            json_t *array = json_array();
            json_array_append_new(array, text);
            return array;
        }
        return text;
    }
    default: return NULL;
    }
}

/* Sets key (may be "auth.x") in object to value (stolen). */
static void set_key(json_t *object, const char *key, json_t *value)
{
    if (strcmp(key, "[]") == 0) {
        json_array_append_new(object, value); /* an element of an array */
        return;
    }
    const char *dot = strchr(key, '.');
    if (dot == NULL) {
        json_object_set_new(object, key, value);
        return;
    }
    char head[64];
    snprintf(head, sizeof head, "%.*s", (int)(dot - key), key);
    json_t *inner = json_object_get(object, head);
    if (!json_is_object(inner)) {
        inner = json_object();
        json_object_set_new(object, head, inner);
    }
    json_object_set_new(inner, dot + 1, value);
}

/* The environment variable for a configuration key: OS_<KEY> ("auth.username" -> OS_USERNAME). */
static void env_name(const char *key, char *out, size_t size)
{
    const char *dot = strchr(key, '.');
    const char *base = dot ? dot + 1 : key;
    int n = snprintf(out, size, "OS_");
    for (size_t i = 0; base[i] != '\0' && (size_t)n + 1 < size; i++)
        out[n++] = (char)(base[i] >= 'a' && base[i] <= 'z' ? base[i] - 32 : base[i]);
    out[n] = '\0';
}

static osi_source *make_source(osi_conn *conn, int kind, reader *state, char *const *path)
{
    (void)conn;
    osi_source *source = NULL;
    osi_error *err = NULL;
    int fds[2];
    switch (kind) {
    case 0: osi_source_memory(data_bytes, DATA_SIZE, &source, &err); break;
    case 1: osi_source_file(input_path, &source, &err); break;
    case 2: {
        int fd = open(input_path, O_RDONLY);
        osi_source_fd(fd, -1, &source, &err);
        break;
    }
    case 3: /* a pipe with the data already in it, read once */
        if (pipe(fds) == 0) {
            if (write(fds[1], data_bytes, DATA_SIZE) != (ssize_t)DATA_SIZE)
                die(3, "setup: pipe write");
            close(fds[1]);
            osi_source_fd(fds[0], -1, &source, &err);
        }
        break;
    default: osi_source_callback(read_cb, state, (int64_t)DATA_SIZE, &source, &err); break;
    }
    (void)path;
    if (source == NULL)
        die(3, "setup: cannot make source kind %d: %s", kind, err ? osi_error_message(err) : "?");
    return source;
}

static osi_sink *make_sink(int kind)
{
    osi_sink *sink = NULL;
    osi_error *err = NULL;
    switch (kind) {
    case 0: osi_sink_memory(1u << 20, &sink, &err); break;
    case 1: osi_sink_callback(write_cb, NULL, &sink, &err); break;
    case 2: osi_sink_fd(open("fd.out", O_WRONLY | O_CREAT | O_TRUNC, 0600), &sink, &err); break;
    default: osi_sink_file("file.out", &sink, &err); break;
    }
    if (sink == NULL)
        die(3, "setup: cannot make sink kind %d: %s", kind, err ? osi_error_message(err) : "?");
    return sink;
}

static void make_own_image(osi_conn *conn, const char *name)
{
    json_t *image = NULL;
    osi_error *err = NULL;
    json_t *options = json_pack("{s:s, s:s, s:b}", "disk_format", "raw", "container_format", "bare",
                                "allow_duplicates", 1);
    if (osi_create_image(conn, name, options, NULL, NULL, NULL, &image, &err) != OSI_OK)
        die(3, "setup: cannot create an image: %s", err ? osi_error_message(err) : "?");
    snprintf(child_image_id, sizeof child_image_id, "%s", json_string_value(json_object_get(image, "id")));
    json_decref(image);
    json_decref(options);
}

static void make_own_namespace(osi_conn *conn, const char *name, const char *function)
{
    json_t *made = NULL;
    osi_error *err = NULL;
    snprintf(child_namespace, sizeof child_namespace, "%s-ns", name);
    json_t *attrs = json_pack("{s:s, s:s}", "namespace", child_namespace, "visibility", "private");
    if (strstr(function, "object"))
        json_object_set_new(attrs, "objects", json_pack("[{s:s}]", "name", METADEF_ITEM));
    if (strstr(function, "propert"))
        json_object_set_new(attrs, "properties", json_pack("{s:{s:s, s:s}}", METADEF_ITEM, "title", "t", "type", "string"));
    if (strstr(function, "tag"))
        json_object_set_new(attrs, "tags", json_pack("[{s:s}]", "name", "osi-robust-tag"));
    if (strstr(function, "resource_type"))
        json_object_set_new(attrs, "resource_type_associations", json_pack("[{s:s}]", "name", "OS::Glance::Image"));
    if (osi_create_metadef_namespace(conn, attrs, &made, &err) != OSI_OK)
        die(3, "setup: cannot create a metadef namespace: %s", err ? osi_error_message(err) : "?");
    json_decref(made);
    json_decref(attrs);
}

/* Deletes a metadef namespace, protected or not; 1 when it is gone. */
static int delete_namespace(osi_conn *conn, const char *name)
{
    osi_error *e = NULL;
    osi_status status = osi_delete_metadef_namespace(conn, name, 1, &e);
    if (status == OSI_FORBIDDEN) {
        json_t *changes = json_pack("{s:b}", "protected", 0);
        json_t *out = NULL;
        osi_error_free(e);
        e = NULL;
        osi_update_metadef_namespace(conn, name, changes, &out, &e);
        json_decref(out);
        json_decref(changes);
        osi_error_free(e);
        e = NULL;
        status = osi_delete_metadef_namespace(conn, name, 1, &e);
    }
    osi_error_free(e);
    return status == OSI_OK;
}

/* Runs one case; returns the exit code of the child (0 = fine, 5 = broke the error contract). */
static int run_case(const osr_case *c, int number)
{
    const osr_function *f = &osr_functions[c->function];
    osr_value a[OSR_MAX_PARAMS];
    memset(a, 0, sizeof a);
    /* out-parameter slots */
    void *slots[OSR_MAX_PARAMS];
    memset(slots, 0, sizeof slots);
    osi_error *err_slot = NULL;
    size_t size_slot = 0;
    int32_t i32_slot = 0;
    enum { BUFFER_CAP = 4096 };
    unsigned char *buffer = malloc(BUFFER_CAP); /* on the heap: ASan sees an overrun */
    if (buffer == NULL)
        die(3, "setup: out of memory");
    reader state = {0};
    char new_name[96];
    snprintf(new_name, sizeof new_name, "%s%d-%ld", run_tag, number, (long)getpid());
    int needs_conn = 0;
    for (int i = 0; i < f->nparams; i++)
        if (f->params[i].kind == OSR_CONN || f->params[i].kind == OSR_ITER || f->params[i].kind == OSR_ERROR
            || f->params[i].kind == OSR_READER)
            needs_conn = 1;
    osi_conn *conn = needs_conn ? open_noauth() : NULL;
    child_conn = conn;
    /* A function that changes the image whose id it takes gets an image of its own (created
     * and deleted by the case) when the case can get past argument checking: the good call,
     * callbacks, other sources and sinks, and option values of the right type. Other cases
     * get the id of an image that does not exist: their bad argument is refused before any
     * request, or the server answers 404; either way the shared image stays as it is. */
    int takes_image = 0;
    for (int i = 0; i < f->nparams; i++)
        if (f->params[i].kind == OSR_STRING && f->params[i].base == OSR_BASE_IMAGE_ID)
            takes_image = 1;
    int right_type = 0;
    if (c->key >= 0) {
        int type = f->params[c->param].keys[c->key].type;
        int numeric = type == OSR_KEY_INTEGER || type == OSR_KEY_NUMBER;
        int text = type == OSR_KEY_STRING || type == OSR_KEY_STRINGS || type == OSR_KEY_ANY;
        numeric = numeric || type == OSR_KEY_ANY;
        right_type = c->variant == V_KEY_NUM || (c->variant == V_KEY_STR && text)
                  || (c->variant == V_KEY_TYPE && ((c->index == 0 && text) || (c->index <= 2 && numeric)
                                                    || (c->index == 3 && type == OSR_KEY_BOOL)
                                                    || (c->index == 5 && type == OSR_KEY_OBJECT)));
    }
    int deep_case = c->variant == V_GOOD || c->variant == V_CALLBACK || c->variant == V_HANDLE || right_type;
    int own_image = needs_conn && takes_image && !reads_only(f->name) && deep_case;
    if (own_image && changes_attributes(f->name)) {
        /* one image for all of them: making and deleting one costs Glance about half a second */
        own_image = 0;
        snprintf(child_image_id, sizeof child_image_id, "%s", mutable_image_id);
    } else if (own_image)
        make_own_image(conn, new_name);
    else if (needs_conn && takes_image && !reads_only(f->name))
        snprintf(child_image_id, sizeof child_image_id, "%s", MISSING_IMAGE_ID);
    else
        snprintf(child_image_id, sizeof child_image_id, "%s", data_image_id);
    /* The same for a metadef namespace: the good call and the callback cases get one of their
     * own (with what the function works on: an object, a property, a tag, a resource type
     * association); the others one that does not exist. The library builds the request, JSON
     * body included, before Glance answers 404, so bad values go as deep into osimage as with a
     * namespace that exists; making one costs Glance about 0.2 s. */
    int takes_namespace = 0;
    for (int i = 0; i < f->nparams; i++)
        if (f->params[i].kind == OSR_STRING && f->params[i].base == OSR_BASE_NAMESPACE)
            takes_namespace = 1;
    int own_namespace = needs_conn && takes_namespace && (c->variant == V_GOOD || c->variant == V_CALLBACK);
    if (own_namespace)
        make_own_namespace(conn, new_name, f->name);
    else
        snprintf(child_namespace, sizeof child_namespace, "%s", MISSING_NAMESPACE);
    callback_mode = 0;
    if (c->variant == V_CALLBACK)
        callback_mode = c->index == 0 ? 1 : 2;

    osi_iter *iter = NULL;
    osi_reader *reader = NULL;
    osi_source *source = NULL;
    osi_sink *sink = NULL;
    osi_error *error = NULL;
    json_t *jsons[OSR_MAX_PARAMS] = {0};
    int has_log_cb = 0;
    for (int i = 0; i < f->nparams; i++) {
        const osr_param *p = &f->params[i];
        osr_value *v = &a[i];
        switch (p->kind) {
        case OSR_CONN: v->p = conn; break;
        case OSR_OUT_CONN: case OSR_OUT_ITER: case OSR_OUT_SOURCE: case OSR_OUT_SINK: case OSR_OUT_JSON:
        case OSR_OUT_READER:
            v->p = &slots[i];
            break;
        case OSR_OUT_ERR: v->p = &err_slot; break;
        case OSR_OUT_SIZE: v->p = &size_slot; break;
        case OSR_OUT_I32: v->p = &i32_slot; break;
        case OSR_OUT_BUFFER: v->p = buffer; break;
        case OSR_READER: {
            osi_error *e = NULL;
            if (osi_reader_open(conn, data_image_id, NULL, &reader, &e) != OSI_OK)
                die(3, "setup: osi_reader_open failed: %s", e ? osi_error_message(e) : "?");
            v->p = reader;
            break;
        }
        case OSR_ITER: {
            json_t *query = json_pack("{s:i, s:i}", "limit", 1, "max_items", 2);
            osi_error *e = NULL;
            if (osi_images(conn, query, &iter, &e) != OSI_OK)
                die(3, "setup: osi_images failed");
            json_decref(query);
            v->p = iter;
            break;
        }
        case OSR_SOURCE:
            source = make_source(conn, c->variant == V_HANDLE && c->param == i ? c->index : 0, &state, NULL);
            v->p = source;
            break;
        case OSR_SINK:
            sink = make_sink(c->variant == V_HANDLE && c->param == i ? c->index : 0);
            v->p = sink;
            break;
        case OSR_ERROR:
            osi_get_image(conn, "00000000-0000-4000-8000-000000000000", NULL, &error);
            if (error == NULL) {
                json_t *image = NULL;
                osi_get_image(conn, "00000000-0000-4000-8000-000000000000", &image, &error);
                json_decref(image);
            }
            if (error == NULL)
                die(3, "setup: no error to test with");
            v->p = error;
            break;
        case OSR_STRING:
            switch (p->base) {
            case OSR_BASE_IMAGE_ID: v->s = child_image_id; break;
            case OSR_BASE_PROJECT_ID: v->s = "osi-robust-project"; break;
            case OSR_BASE_TASK_ID: v->s = "00000000-0000-4000-8000-000000000001"; break;
            case OSR_BASE_TAG: v->s = "osi-robust-tag"; break;
            case OSR_BASE_NEW_NAME: v->s = new_name; break;
            case OSR_BASE_STATUS_ACTIVE: v->s = "active"; break;
            case OSR_BASE_STATUS_SUCCESS: v->s = "success"; break;
            case OSR_BASE_STATUS_ACCEPTED: v->s = "accepted"; break;
            case OSR_BASE_PATH_OUT: v->s = "out.raw"; break;
            case OSR_BASE_PATH_IN: v->s = input_path; break;
            case OSR_BASE_NAMESPACE: v->s = child_namespace; break;
            case OSR_BASE_METADEF_ITEM: v->s = METADEF_ITEM; break;
            case OSR_BASE_RESOURCE_TYPE: v->s = "OS::Glance::Image"; break;
            case OSR_BASE_FORMAT_GZIP: v->s = "gzip"; break;
            case OSR_BASE_CACHE_TARGET: v->s = "both"; break;
            case OSR_BASE_URL_UNREACHABLE: v->s = "http://127.0.0.1:1/none.raw"; break;
            default: die(3, "setup: no good string for %s", p->name);
            }
            break;
        case OSR_JSON:
            jsons[i] = parse(p->base_json, new_name);
            v->p = jsons[i];
            break;
        case OSR_BUFFER: v->p = data_bytes; break;
        case OSR_USERDATA: v->p = &state; break;
        case OSR_I32: case OSR_I64: case OSR_SIZE: case OSR_LOG_LEVEL: case OSR_STATUS_CODE:
            switch (p->base) {
            case OSR_BASE_FD_OUT: v->i64 = open("fd.out", O_WRONLY | O_CREAT | O_TRUNC, 0600); break;
            case OSR_BASE_FD_IN: v->i64 = open(input_path, O_RDONLY); break;
            case OSR_BASE_ONE: v->i64 = 1; break;
            case OSR_BASE_ZERO: v->i64 = 0; break;
            case OSR_BASE_MINUS_ONE: v->i64 = -1; break;
            case OSR_BASE_BUFFER_LEN: v->u64 = DATA_SIZE; break;
            case OSR_BASE_BUFFER_CAP: v->u64 = BUFFER_CAP; break;
            case OSR_BASE_ONE_MIB: v->u64 = 1u << 20; break;
            case OSR_BASE_LOG_DEBUG: v->i64 = OSI_LOG_DEBUG; break;
            case OSR_BASE_STATUS_NOT_FOUND: v->i64 = OSI_NOT_FOUND; break;
            default: die(3, "setup: no good number for %s", p->name);
            }
            break;
        case OSR_DOUBLE:
            switch (p->base) {
            case OSR_BASE_HALF_SECOND: v->d = 0.5; break;
            case OSR_BASE_TENTH_SECOND: v->d = 0.1; break;
            default: die(3, "setup: no good number for %s", p->name);
            }
            break;
        case OSR_LOG_CB: v->fn = (void (*)(void))log_cb; has_log_cb = 1; break;
        case OSR_PROGRESS_CB: v->fn = (void (*)(void))progress_cb; break;
        case OSR_READ_CB: v->fn = (void (*)(void))read_cb; break;
        case OSR_WRITE_CB: v->fn = (void (*)(void))write_cb; break;
        case OSR_WAIT_CB: v->fn = (void (*)(void))wait_cb; break;
        case OSR_ENV:
            /* the noauth cloud described by OS_* variables alone (with OS_CLOUD they would not count) */
            for (char **e = environ; *e != NULL;)
                if (strncmp(*e, "OS_", 3) == 0) {
                    char name[128];
                    snprintf(name, sizeof name, "%.*s", (int)(strchr(*e, '=') ? strchr(*e, '=') - *e : 0), *e);
                    unsetenv(name);
                } else {
                    e++;
                }
            setenv("OS_AUTH_TYPE", "none", 1);
            setenv("OS_ENDPOINT", noauth_endpoint, 1);
            setenv("OS_REGION_NAME", "RegionOne", 1);
            break;
        default: die(3, "setup: unknown kind %d", p->kind);
        }
    }

    /* The case's change to the good arguments. */
    if (c->param >= 0) {
        const osr_param *p = &f->params[c->param];
        osr_value *v = &a[c->param];
        const osr_number *n = NULL;
        switch (c->variant) {
        case V_NULL:
            if (p->kind == OSR_LOG_CB || p->kind == OSR_PROGRESS_CB || p->kind == OSR_READ_CB || p->kind == OSR_WRITE_CB
                || p->kind == OSR_WAIT_CB)
                v->fn = NULL;
            else
                v->p = NULL;
            break;
        case V_NUMBER:
            switch (p->kind) {
            case OSR_DOUBLE: v->d = doubles[c->index].d; break;
            case OSR_I32: n = &int32s[c->index]; v->i64 = n->i; break;
            case OSR_I64: v->i64 = int64s[c->index].i; break;
            case OSR_SIZE: v->u64 = sizes[c->index].u; break;
            default: v->i64 = enums[c->index].i; break;
            }
            break;
        case V_STRING: v->s = bad_string(c->index); break;
        case V_WHOLE: {
            json_t *whole = NULL;
            switch (c->index) {
            case WHOLE_ARRAY: whole = json_pack("[s]", "x"); break;
            case WHOLE_STRING: whole = json_string("x"); break;
            case WHOLE_INTEGER: whole = json_integer(7); break;
            case WHOLE_TRUE: whole = json_true(); break;
            case WHOLE_NULL: whole = json_null(); break;
            case WHOLE_DAG: case WHOLE_DEEP: {
                /* under the first key that takes an object (e.g. "auth"), else a key of its own */
                whole = json_is_object(jsons[c->param]) ? json_deep_copy(jsons[c->param]) : json_object();
                const char *key = "osi_robustness";
                for (int k = 0; p->keys != NULL && p->keys[k].key != NULL; k++)
                    if (p->keys[k].type == OSR_KEY_OBJECT && strchr(p->keys[k].key, '.') == NULL) {
                        key = p->keys[k].key;
                        break;
                    }
                set_key(whole, key, c->index == WHOLE_DAG ? dag() : deep());
                break;
            }
            }
            v->p = whole;
            free_json(jsons[c->param]);
            jsons[c->param] = whole; /* freed below (free_json takes the deep one apart first) */
            break;
        }
        case V_KEY_TYPE: case V_KEY_NUM: case V_KEY_STR: case V_KEY_FILE: {
            const char *key = p->keys[c->key].key;
            if (p->kind == OSR_ENV) {
                char name[64];
                env_name(key, name, sizeof name);
                json_t *value = key_value(c);
                const char *text = json_is_string(value) ? json_string_value(value) : NULL;
                char number[64];
                if (text == NULL) {
                    /* a number: its JSON text, as a shell user would write it */
                    snprintf(number, sizeof number, "%s", json_numbers[c->index][1]);
                    text = number;
                }
                setenv(name, text, 1);
                json_decref(value);
            } else {
                json_t *object = jsons[c->param] != NULL ? json_deep_copy(jsons[c->param]) : json_object();
                int array = strcmp(key, "[]") == 0;
                if (array ? !json_is_array(object) : !json_is_object(object)) {
                    json_decref(object);
                    object = array ? json_array() : json_object();
                }
                set_key(object, key, key_value(c));
                json_decref(jsons[c->param]);
                jsons[c->param] = object;
                v->p = object;
            }
            break;
        }
        case V_CALLBACK: break;
        case V_HANDLE: break;
        }
    }

    osr_value result;
    memset(&result, 0, sizeof result);
    f->call(a, &result);

    /* The error contract of osimage_types.h. */
    int broken = 0;
    int err_index = -1;
    for (int i = 0; i < f->nparams; i++)
        if (f->params[i].kind == OSR_OUT_ERR)
            err_index = i;
    if (f->ret == OSR_RET_STATUS) {
        osi_status status = (osi_status)result.i64;
        if (status > OSI_INTERNAL) {
            fprintf(stderr, "contract: status %d is not an osi_status\n", (int)status);
            broken = 1;
        }
        if (err_index >= 0 && a[err_index].p != NULL) {
            if (status != OSI_OK && err_slot == NULL) {
                fprintf(stderr, "contract: failed with %s but *err is NULL\n", osi_status_str(status));
                broken = 1;
            }
            if (status != OSI_OK && err_slot != NULL && osi_error_code(err_slot) != status) {
                fprintf(stderr, "contract: returned %d but *err has code %d\n", (int)status, (int)osi_error_code(err_slot));
                broken = 1;
            }
            if (status == OSI_NO_MEMORY || status == OSI_INTERNAL) {
            /* a case uses little memory and talks to a real Glance: either status means a bad
             * argument was misread (a 1 MiB name once gave libcurl's out of memory) */
            fprintf(stderr, "contract: %s for a bad argument: %s\n", osi_status_str(status),
                    err_slot ? osi_error_message(err_slot) : "");
            broken = 1;
        }
        if (status == OSI_OK && err_slot != NULL) {
                fprintf(stderr, "contract: OSI_OK but *err set: %s\n", osi_error_message(err_slot));
                broken = 1;
            }
        }
        if (err_slot != NULL && osi_error_message(err_slot) == NULL) {
            fprintf(stderr, "contract: error without a message\n");
            broken = 1;
        }
        if (verbose)
            fprintf(stderr, "status %s%s%s (callbacks re-entered %d times)\n", osi_status_str(status),
                    err_slot ? ": " : "", err_slot ? osi_error_message(err_slot) : "", reentries);
        for (int i = 0; i < f->nparams; i++) {
            int kind = f->params[i].kind;
            int out = kind == OSR_OUT_CONN || kind == OSR_OUT_ITER || kind == OSR_OUT_SOURCE || kind == OSR_OUT_SINK
                   || kind == OSR_OUT_JSON || kind == OSR_OUT_READER;
            if (out && status != OSI_OK && slots[i] != NULL) {
                fprintf(stderr, "contract: %s set although the call failed\n", f->params[i].name);
                broken = 1;
            }
        }
    }
    /* A log callback given gets lines from one more request on the connection. */
    if (has_log_cb && conn != NULL) {
        json_t *info = NULL;
        osi_get_import_info(conn, &info, NULL);
        json_decref(info);
    }

    /* Deletes an image the call made, so the image list stays short. */
    for (int i = 0; i < f->nparams; i++) {
        json_t *made = f->params[i].kind == OSR_OUT_JSON ? slots[i] : NULL;
        const char *id = json_string_value(json_object_get(made, "id"));
        if (conn != NULL && id != NULL && json_object_get(made, "disk_format") != NULL
            && strcmp(id, data_image_id) != 0 && strcmp(id, child_image_id) != 0) {
            osi_error *e = NULL;
            osi_delete_image(conn, id, 1, NULL, &e);
            osi_error_free(e);
        }
        const char *ns = json_string_value(json_object_get(made, "namespace"));
        if (conn != NULL && ns != NULL && strstr(f->name, "metadef_namespace") != NULL)
            delete_namespace(conn, ns);
    }
    /* Frees everything the call gave, so leak checkers see only the library's own leaks. */
    for (int i = 0; i < f->nparams; i++) {
        switch (f->params[i].kind) {
        case OSR_OUT_CONN: osi_conn_free(slots[i]); break;
        case OSR_OUT_ITER: osi_iter_free(slots[i]); break;
        case OSR_OUT_SOURCE: osi_source_free(slots[i]); break;
        case OSR_OUT_SINK: osi_sink_free(slots[i]); break;
        case OSR_OUT_JSON: json_decref(slots[i]); break;
        case OSR_OUT_READER: osi_reader_free(slots[i]); break;
        default: break;
        }
    }
    osi_error_free(err_slot);
    /* A function that frees its argument took ownership of it. */
    int freed_by_call = strstr(f->name, "_free") != NULL && (c->variant != V_NULL);
    if (!(freed_by_call && iter)) osi_iter_free(iter);
    if (!(freed_by_call && source)) osi_source_free(source);
    if (!(freed_by_call && sink)) osi_sink_free(sink);
    if (!(freed_by_call && error)) osi_error_free(error);
    if (!(freed_by_call && reader)) osi_reader_free(reader);
    free(buffer);
    for (int i = 0; i < f->nparams; i++)
        free_json(jsons[i]);
    if (own_image) {
        osi_error *e = NULL;
        osi_delete_image(conn, child_image_id, 1, NULL, &e);
        osi_error_free(e);
    }
    if (own_namespace)
        delete_namespace(conn, child_namespace);
    if (!(freed_by_call && conn && f->params[0].kind == OSR_CONN))
        osi_conn_free(conn);
    return broken ? 5 : 0;
}

/* ---- the parent ---- */

typedef struct known {
    char **ids;
    int count;
    int *seen;
} known;

static known known_open;

static void load_known(const char *path)
{
    FILE *file = fopen(path, "r");
    if (file == NULL) {
        fprintf(stderr, "robustness: cannot read %s: %s\n", path, strerror(errno));
        exit(2);
    }
    char line[512];
    while (fgets(line, sizeof line, file)) {
        char *hash = strstr(line, "  #");
        if (hash)
            *hash = '\0';
        size_t n = strlen(line);
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == ' ' || line[n - 1] == '\t'))
            line[--n] = '\0';
        if (n == 0 || line[0] == '#')
            continue;
        known_open.ids = realloc(known_open.ids, sizeof(char *) * (size_t)(known_open.count + 1));
        known_open.ids[known_open.count++] = strdup(line);
    }
    fclose(file);
    known_open.seen = calloc((size_t)known_open.count + 1, sizeof(int));
}

/* -s, the sample for the sanitizer build. Its checks see the caller's side: the harness and
 * jansson are instrumented, and ASan's malloc and memcpy/memmove/memset/strlen interceptors are
 * the ones the library uses too, so what the library copies into the caller's out-parameters,
 * buffers and callbacks (and from the caller's strings) is checked. NULL pointers, wrong JSON
 * types and option keys are handled inside the library, which the plain build covers case by
 * case. So the sample is: every good call, callback, source and sink kind and bad file; the
 * extreme values of every size, length and descriptor argument (flags are only compared with
 * 0); two bad strings per string argument (1 MiB, invalid UTF-8); wrong and deep JSON for
 * every JSON argument; and for the first option key of each, its 1 MiB string or its extreme
 * numbers. */
static int in_sample(const osr_case *c)
{
    switch (c->variant) {
    case V_NULL: return 0;
    case V_NUMBER: {
        const osr_param *p = &osr_functions[c->function].params[c->param];
        return p->kind != OSR_I32 || p->base == OSR_BASE_FD_IN || p->base == OSR_BASE_FD_OUT;
    }
    case V_STRING: return c->index == 1 || c->index == 2;
    case V_WHOLE: return c->index == WHOLE_ARRAY || c->index == WHOLE_DEEP;
    case V_KEY_TYPE: return 0;
    case V_KEY_NUM: return c->key == 0 && (c->index == 2 || c->index == 4);
    case V_KEY_STR: return c->key == 0 && c->index == 1;
    default: return 1;
    }
}

static int selected_case(const osr_case *c, const char *filter)
{
    return (filter == NULL || fnmatch(filter, c->id, 0) == 0) && (!sample || in_sample(c));
}

static int known_index(const char *id)
{
    for (int i = 0; i < known_open.count; i++)
        if (fnmatch(known_open.ids[i], id, 0) == 0)
            return i;
    return -1;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long rss_mib(pid_t pid)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/statm", (int)pid);
    FILE *file = fopen(path, "r");
    if (file == NULL)
        return 0;
    long pages = 0, resident = 0;
    if (fscanf(file, "%ld %ld", &pages, &resident) != 2)
        resident = 0;
    fclose(file);
    return resident * (sysconf(_SC_PAGESIZE) / 1024) / 1024;
}

static int sanitizer_report(const char *log)
{
    FILE *file = fopen(log, "r");
    if (file == NULL)
        return 0;
    char line[1024];
    int found = 0;
    while (!found && fgets(line, sizeof line, file))
        found = strstr(line, "ERROR: AddressSanitizer") || strstr(line, "ERROR: LeakSanitizer")
             || strstr(line, "runtime error:") || strstr(line, "WARNING: ThreadSanitizer")
             || strstr(line, "SUMMARY: UndefinedBehaviorSanitizer");
    fclose(file);
    return found;
}

static void show_log(const char *log)
{
    FILE *file = fopen(log, "r");
    if (file == NULL)
        return;
    char line[600];
    int n = 0;
    while (fgets(line, sizeof line, file) && n++ < 25)
        printf("      | %s", line);
    fclose(file);
}

typedef struct slot {
    pid_t pid;
    int number;
    double started;
    long peak;
} slot;

static slot *running;
static double function_seconds[OSR_FUNCTION_COUNT]; /* case time per function, for -v */

enum outcome { OK, CRASH, HANG, MEMORY, SANITIZER, CONTRACT, SETUP, EXIT };
static const char *const outcome_names[] = {"ok", "crash", "hang", "memory", "sanitizer report", "contract", "setup", "exit"};
static int outcome_counts[8];

static void make_data_image(void)
{
    for (size_t i = 0; i < DATA_SIZE; i++)
        data_bytes[i] = (unsigned char)(i * 31 + 7);
    snprintf(input_path, sizeof input_path, "%s/input.raw", work_dir);
    FILE *file = fopen(input_path, "wb");
    if (file == NULL || fwrite(data_bytes, 1, DATA_SIZE, file) != DATA_SIZE) {
        perror(input_path);
        exit(2);
    }
    fclose(file);
    /* In a child, so the parent never holds library state when it forks. */
    int fds[2];
    if (pipe(fds) != 0)
        exit(2);
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        osi_conn *conn = open_noauth();
        osi_source *source = NULL;
        json_t *image = NULL;
        osi_error *err = NULL;
        json_t *options = json_pack("{s:s, s:s, s:b}", "disk_format", "raw", "container_format", "bare", "wait", 1);
        char name[64];
        snprintf(name, sizeof name, "%sdata", run_tag);
        osi_source_memory(data_bytes, DATA_SIZE, &source, &err);
        if (osi_create_image(conn, name, options, source, NULL, NULL, &image, &err) != OSI_OK)
            die(3, "setup: cannot create the data image: %s", err ? osi_error_message(err) : "?");
        char ids[160];
        snprintf(ids, sizeof ids, "%s ", json_string_value(json_object_get(image, "id")));
        char mutable_name[64];
        snprintf(mutable_name, sizeof mutable_name, "%smutable", run_tag);
        make_own_image(conn, mutable_name);
        snprintf(ids + strlen(ids), sizeof ids - strlen(ids), "%s", child_image_id);
        if (write(fds[1], ids, strlen(ids)) < 0)
            _exit(3);
        _exit(0);
    }
    close(fds[1]);
    char ids[160];
    ssize_t n = read(fds[0], ids, sizeof ids - 1);
    close(fds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    if (n > 0)
        ids[n] = '\0';
    if (n <= 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0
        || sscanf(ids, "%63s %63s", data_image_id, mutable_image_id) != 2) {
        fprintf(stderr, "robustness: cannot create the data image on the noauth stack\n");
        exit(2);
    }
}

/* 1 for a name this run may delete: its own (beginning with run_tag), or one left by a case
 * whose bad name belongs to no run (empty, or osi-robust and no run's tag: "osi-robust/x",
 * ...). Another run's images and namespaces on the same stack stay. */
static int ours(const char *name)
{
    if (name == NULL || *name == '\0' || strncmp(name, run_tag, strlen(run_tag)) == 0)
        return 1;
    if (strncmp(name, "osi-robust", 10) != 0)
        return 0;
    const char *rest = name + 10;
    if (strncmp(rest, "-r", 2) != 0)
        return 1;
    rest += 2;
    while (*rest >= '0' && *rest <= '9')
        rest++;
    return *rest != '-';
}

/* Deletes the images and metadef namespaces the run made (see ours()), in a child for the
 * same reason as above. */
static void clean_up(void)
{
    pid_t pid = fork();
    if (pid == 0) {
        osi_conn *conn = open_noauth();
        osi_iter *iter = NULL;
        osi_error *err = NULL;
        json_t *image = NULL;
        int removed = 0;
        if (osi_images(conn, NULL, &iter, &err) != OSI_OK)
            _exit(1);
        while (osi_iter_next(iter, &image, &err) == OSI_OK && image != NULL) {
            const char *name = json_string_value(json_object_get(image, "name"));
            if (ours(name)) {
                osi_error *e = NULL;
                json_t *changes = json_pack("{s:b}", "protected", 0);
                json_t *out = NULL;
                osi_update_image(conn, json_string_value(json_object_get(image, "id")), changes, &out, &e);
                json_decref(out);
                json_decref(changes);
                osi_error_free(e);
                e = NULL;
                if (osi_delete_image(conn, json_string_value(json_object_get(image, "id")), 1, NULL, &e) == OSI_OK)
                    removed++;
                osi_error_free(e);
            }
            json_decref(image);
        }
        osi_iter_free(iter);
        iter = NULL;
        /* the shared mutable image, whatever the cases renamed it to */
        json_t *changes = json_pack("{s:b}", "protected", 0);
        json_t *out = NULL;
        osi_update_image(conn, mutable_image_id, changes, &out, &err);
        json_decref(out);
        json_decref(changes);
        osi_error_free(err);
        err = NULL;
        removed += osi_delete_image(conn, mutable_image_id, 1, NULL, &err) == OSI_OK;
        osi_error_free(err);
        err = NULL;
        /* and the metadef namespaces */
        int namespaces = 0;
        if (osi_metadef_namespaces(conn, NULL, &iter, &err) == OSI_OK) {
            json_t *item = NULL;
            while (osi_iter_next(iter, &item, &err) == OSI_OK && item != NULL) {
                const char *name = json_string_value(json_object_get(item, "namespace"));
                if (name != NULL && ours(name))
                    namespaces += delete_namespace(conn, name);
                json_decref(item);
            }
        }
        printf("cleanup: %d images and %d metadef namespaces deleted\n", removed, namespaces);
        fflush(stdout);
        _exit(0);
    }
    int status;
    waitpid(pid, &status, 0);
}

int main(int argc, char **argv)
{
    int jobs = 2;
    double limit = 10.0;
    long memory_limit = 1024; /* MiB of resident memory a case may use */
    const char *filter = NULL;
    const char *known_path = NULL;
    int opt, list_only = 0;
    while ((opt = getopt(argc, argv, "j:t:k:f:m:lsv")) != -1) {
        switch (opt) {
        case 'j': jobs = atoi(optarg); break;
        case 't': limit = atof(optarg); break;
        case 'k': known_path = optarg; break;
        case 'f': filter = optarg; break;
        case 'm': memory_limit = atol(optarg); break;
        case 'v': verbose = 1; break;
        case 'l': list_only = 1; break;
        case 's': sample = 1; break;
        default:
            fprintf(stderr, "usage: robustness [-j JOBS] [-t SECONDS] [-m MIB] [-k KNOWN_OPEN] [-f GLOB] [-s] [-l] [-v]\n");
            return 2;
        }
    }
    if (jobs < 1 || jobs > 64)
        jobs = 2;
    noauth_clouds = getenv("OSI_TEST_NOAUTH_CLOUDS");
    if (noauth_clouds == NULL || *noauth_clouds == '\0') {
        fprintf(stderr, "robustness: set OSI_TEST_NOAUTH_CLOUDS to the noauth stack's clouds.yaml\n");
        return 2;
    }
    FILE *clouds = fopen(noauth_clouds, "r");
    char line[512];
    while (clouds != NULL && fgets(line, sizeof line, clouds))
        if (sscanf(line, " endpoint: %255s", noauth_endpoint) == 1)
            break;
    if (clouds != NULL)
        fclose(clouds);
    if (noauth_endpoint[0] == '\0') {
        fprintf(stderr, "robustness: no 'endpoint:' in %s\n", noauth_clouds);
        return 2;
    }
    if (known_path != NULL)
        load_known(known_path);
    snprintf(work_dir, sizeof work_dir, "%s/osi-robustness.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (mkdtemp(work_dir) == NULL) {
        perror("mkdtemp");
        return 2;
    }
    snprintf(run_tag, sizeof run_tag, "osi-robust-r%ld-", (long)getpid());
    make_cases();
    if (list_only) {
        for (int i = 0; i < case_count; i++)
            if (selected_case(&cases[i], filter))
                printf("%s\n", cases[i].id);
        return 0;
    }
    make_data_image();
    setvbuf(stdout, NULL, _IOLBF, 0);

    int selected = 0;
    for (int i = 0; i < case_count; i++)
        if (selected_case(&cases[i], filter))
            selected++;
    printf("robustness: %d functions, %d cases%s%s (jobs %d, %.0f s and %ld MiB per case)\n", OSR_FUNCTION_COUNT, selected,
           filter ? " matching the filter" : "", sample ? " (the sample)" : "", jobs, limit, memory_limit);

    running = calloc((size_t)jobs, sizeof *running); /* a global: children's leak checks see it */
    int next = 0, done = 0, passed = 0, failed = 0, known_failed = 0;
    double started = now();
    while (done < selected) {
        /* start cases while slots are free */
        for (int s = 0; s < jobs && next < case_count; s++) {
            if (running[s].pid != 0)
                continue;
            while (next < case_count && !selected_case(&cases[next], filter))
                next++;
            if (next >= case_count)
                break;
            int number = next++;
            char dir[400];
            snprintf(dir, sizeof dir, "%s/%d", work_dir, number);
            mkdir(dir, 0700);
            fflush(NULL);
            pid_t pid = fork();
            if (pid < 0) {
                perror("fork");
                return 2;
            }
            if (pid == 0) {
                char log[420];
                snprintf(log, sizeof log, "%s/log", dir);
                int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
                int null = open("/dev/null", O_RDONLY);
                if (fd < 0 || null < 0 || chdir(dir) != 0)
                    _exit(3);
                dup2(null, 0);
                dup2(fd, 1);
                dup2(fd, 2);
                setpgid(0, 0);
                fprintf(stderr, "case %s\n", cases[number].id);
                int code = run_case(&cases[number], number);
                fflush(NULL);
                exit(code); /* exit, not _exit: leak checkers run at exit */
            }
            running[s] = (slot){pid, number, now(), 0};
        }
        /* reap, time out, watch memory */
        int any = 0;
        for (int s = 0; s < jobs; s++) {
            if (running[s].pid == 0)
                continue;
            int status = 0;
            pid_t pid = waitpid(running[s].pid, &status, WNOHANG);
            int outcome = -1;
            const osr_case *c = &cases[running[s].number];
            char log[420];
            snprintf(log, sizeof log, "%s/%d/log", work_dir, running[s].number);
            double elapsed = now() - running[s].started;
            if (pid == 0) {
                long rss = rss_mib(running[s].pid);
                if (rss > running[s].peak)
                    running[s].peak = rss;
                if (elapsed > limit)
                    outcome = HANG;
                else if (rss > memory_limit)
                    outcome = MEMORY;
                if (outcome >= 0) {
                    kill(-running[s].pid, SIGKILL);
                    kill(running[s].pid, SIGKILL);
                    waitpid(running[s].pid, &status, 0);
                }
            } else if (pid == running[s].pid) {
                if (WIFSIGNALED(status))
                    outcome = CRASH;
                else if (sanitizer_report(log))
                    outcome = SANITIZER;
                else if (WEXITSTATUS(status) == 0)
                    outcome = OK;
                else if (WEXITSTATUS(status) == 5)
                    outcome = CONTRACT;
                else if (WEXITSTATUS(status) == 3)
                    outcome = SETUP;
                else
                    outcome = sanitizer_report(log) ? SANITIZER : EXIT;
            } else {
                continue;
            }
            if (outcome < 0)
                continue;
            any = 1;
            outcome_counts[outcome]++;
            function_seconds[c->function] += elapsed;
            int k = known_index(c->id);
            if (outcome == OK) {
                if (k >= 0) {
                    /* A known-open case that passes: the list is stale. */
                    printf("FAIL %s: listed as known open but passes now: remove it from the list\n", c->id);
                    failed++;
                    known_open.seen[k] = 1;
                } else {
                    passed++;
                }
            } else if (k >= 0) {
                known_failed++;
                known_open.seen[k] = 1;
                printf("KNOWN %s: %s (known open)\n", c->id, outcome_names[outcome]);
            } else {
                failed++;
                if (outcome == CRASH)
                    printf("FAIL %s: crash (signal %d%s)\n", c->id, WTERMSIG(status), WTERMSIG(status) == SIGILL ? ", a Swift trap" : "");
                else if (outcome == HANG)
                    printf("FAIL %s: hang (killed after %.0f s)\n", c->id, limit);
                else if (outcome == MEMORY)
                    printf("FAIL %s: memory (past %ld MiB after %.1f s)\n", c->id, memory_limit, elapsed);
                else if (outcome == EXIT)
                    printf("FAIL %s: exit status %d\n", c->id, WEXITSTATUS(status));
                else
                    printf("FAIL %s: %s\n", c->id, outcome_names[outcome]);
                show_log(log);
            }
            if (verbose && outcome == OK) {
                printf("ok %s (%.2f s)\n", c->id, elapsed);
                show_log(log);
            }
            if (outcome == OK || outcome == CONTRACT || outcome == SETUP) {
                /* keep the logs of real failures only */
                char dir[400];
                snprintf(dir, sizeof dir, "%s/%d", work_dir, running[s].number);
                char command[460];
                snprintf(command, sizeof command, "rm -rf '%s'", dir);
                if (outcome == OK && system(command) != 0)
                    fprintf(stderr, "robustness: cannot remove %s\n", dir);
            }
            running[s].pid = 0;
            done++;
        }
        if (!any) {
            struct timespec pause = {0, 2000000};
            nanosleep(&pause, NULL);
        }
    }
    double elapsed = now() - started;
    /* where the time went: the five functions whose cases took longest */
    printf("robustness: slowest:");
    for (int rank = 0, shown[5] = {-1, -1, -1, -1, -1}; rank < 5; rank++) {
        int best = -1;
        for (int fi = 0; fi < OSR_FUNCTION_COUNT; fi++) {
            int taken = 0;
            for (int k = 0; k < rank; k++)
                taken |= shown[k] == fi;
            if (!taken && (best < 0 || function_seconds[fi] > function_seconds[best]))
                best = fi;
        }
        shown[rank] = best;
        printf("%s %s %.0f s", rank ? "," : "", osr_functions[best].name, function_seconds[best]);
    }
    printf(" (case time summed over the jobs)\n");
    if (verbose)
        for (int fi = 0; fi < OSR_FUNCTION_COUNT; fi++)
            printf("time %7.1f s  %s\n", function_seconds[fi], osr_functions[fi].name);
    clean_up();
    for (int k = 0; k < known_open.count; k++)
        if (!known_open.seen[k] && filter == NULL && !sample) {
            printf("FAIL known-open entry matches no case: %s\n", known_open.ids[k]);
            failed++;
        }
    printf("robustness: %d functions, %d calls in %.0f s: %d crashes, %d hangs, %d memory, %d sanitizer reports, "
           "%d contract breaks, %d setup failures, %d other exits; %d known open (listed in %s)\n",
           OSR_FUNCTION_COUNT, done, elapsed, outcome_counts[CRASH], outcome_counts[HANG], outcome_counts[MEMORY],
           outcome_counts[SANITIZER], outcome_counts[CONTRACT], outcome_counts[SETUP], outcome_counts[EXIT], known_failed,
           known_path ? known_path : "no list");
    if (failed == 0) {
        char command[300];
        snprintf(command, sizeof command, "rm -rf '%s'", work_dir);
        if (system(command) != 0)
            fprintf(stderr, "robustness: cannot remove %s\n", work_dir);
    } else {
        printf("logs of the failed cases: %s/<case>/log\n", work_dir);
    }
    printf("%d passed, %d failed\n", passed, failed);
    return failed != 0;
}
