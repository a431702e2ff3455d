/*
 * osimage - the OpenStack Image service (Glance v2) from the shell, over libosimage's public
 * C API only. Its commands, options and output formats follow `openstack image ...`, so a
 * script translates line for line (`openstack image list` -> `osimage list`, or
 * `osimage image list`). `osimage --help` lists the commands; osimage(1) documents them and
 * the exit codes: 0 on success, the osi_status of the failing call (1-17), 64 for a usage
 * error.
 */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <osimage.h>

#define EXIT_USAGE 64
#define MAX_ARGS 512

/* ---- Small wrappers over the calls the command makes in several places ---- */

/* Turns the request log on (level OSI_LOG_DEBUG) with callback, or off. */
static osi_status cli_set_log(osi_conn *conn, osi_log_level level, osi_log_cb callback,
                              void *userdata, osi_error **err)
{
    return osi_conn_set_log(conn, level, callback, userdata, err);
}

/* Waits until image_id has status; timeout in seconds (INFINITY: none). */
static osi_status cli_wait_for_image(osi_conn *conn, const char *image_id, const char *status,
                                     double timeout, double interval, json_t **out_image,
                                     osi_error **err)
{
    json_t *options = json_pack("{s:f}", "interval", interval);
    json_object_set_new(options, "timeout", isinf(timeout) ? json_null() : json_real(timeout));
    osi_status rc = osi_wait_for_image(conn, image_id, status, options, NULL, NULL, out_image, err);
    json_decref(options);
    return rc;
}

/* Deletes an image (a missing one is an error), or its data in store (may be NULL). */
static osi_status cli_delete_image(osi_conn *conn, const char *image_id, const char *store,
                                   osi_error **err)
{
    json_t *options = store ? json_pack("{s:s}", "store", store) : NULL;
    osi_status rc = osi_delete_image(conn, image_id, 0, options, err);
    json_decref(options);
    return rc;
}

/* ---- Parsed command line ---- */

typedef struct {
    const char *name;   /* "--name" */
    const char *value;  /* NULL for a flag */
} option;

typedef struct {
    option opts[MAX_ARGS];
    int nopts;
    const char *pos[MAX_ARGS];
    int npos;
} args;

static const char *g_format;          /* -f */
static const char *g_columns[MAX_ARGS]; /* -c, in the order given */
static int g_ncolumns;
static int g_debug;
static osi_conn *g_conn;
static const char *g_prog = "osimage";

static void usage_error(const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s: ", g_prog);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry '%s --help'.\n", g_prog);
    exit(EXIT_USAGE);
}

/* The last value of option name, or NULL. */
static const char *opt(const args *a, const char *name)
{
    const char *found = NULL;
    for (int i = 0; i < a->nopts; i++)
        if (strcmp(a->opts[i].name, name) == 0)
            found = a->opts[i].value ? a->opts[i].value : "";
    return found;
}

static int flag(const args *a, const char *name) { return opt(a, name) != NULL; }

/* Which of several exclusive flags was given last (index), or -1. */
static int choice(const args *a, const char *const *names)
{
    int chosen = -1;
    for (int i = 0; i < a->nopts; i++)
        for (int j = 0; names[j]; j++)
            if (strcmp(a->opts[i].name, names[j]) == 0)
                chosen = j;
    return chosen;
}

/* A non-negative integer option, range-checked; fallback when absent. */
static long long int_opt(const args *a, const char *name, long long fallback)
{
    const char *text = opt(a, name);
    if (!text)
        return fallback;
    char *end = NULL;
    errno = 0;
    long long value = strtoll(text, &end, 10);
    if (errno || !end || *end || end == text || value < 0)
        usage_error("%s needs a non-negative integer, not '%s'", name, text);
    return value;
}

/* ---- Errors and connection ---- */

/* Prints a failed call and gives its exit code (the osi_status). */
static int vreport(osi_status rc, osi_error *err, const char *fmt, va_list ap)
{
    fprintf(stderr, "%s: ", g_prog);
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, ": %s", osi_status_str(rc));
    if (err) {
        fprintf(stderr, ": %s", osi_error_message(err));
        if (osi_error_http_status(err))
            fprintf(stderr, " (HTTP %d", (int)osi_error_http_status(err));
        if (osi_error_request_id(err))
            fprintf(stderr, "%s request %s", osi_error_http_status(err) ? "," : " (",
                    osi_error_request_id(err));
        if (osi_error_http_status(err) || osi_error_request_id(err))
            fputc(')', stderr);
    }
    fputc('\n', stderr);
    osi_error_free(err);
    return (int)rc;
}

static int report(osi_status rc, osi_error *err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int status = vreport(rc, err, fmt, ap);
    va_end(ap);
    return status;
}

static int log_line(osi_log_level level, const char *line, void *userdata)
{
    (void)userdata;
    static const char *const names[] = {"NONE", "ERROR", "WARNING", "INFO", "DEBUG"};
    fprintf(stderr, "%s %s\n", (unsigned)level <= 4 ? names[level] : "LOG", line);
    return 0;
}

/* A connection from the OS_* variables or OS_CLOUD, with the request log under --debug
 * (exits with "cannot connect<what>" on failure). */
static osi_conn *open_env(const char *what)
{
    osi_conn *opened = NULL;
    osi_error *err = NULL;
    osi_status rc = osi_conn_open_env(&opened, &err);
    if (rc != OSI_OK)
        exit(report(rc, err, "cannot connect%s", what));
    if (g_debug && (rc = cli_set_log(opened, OSI_LOG_DEBUG, log_line, NULL, &err)) != OSI_OK)
        exit(report(rc, err, "cannot turn on the request log"));
    return opened;
}

/* The connection: the OS_* variables (set from --os-* options before this) or OS_CLOUD. */
static osi_conn *conn(void)
{
    if (!g_conn)
        g_conn = open_env("");
    return g_conn;
}

/* Sets OS_<KEY> (key's len bytes, dashes as underscores, upper case) to value. */
static void set_os_variable(const char *key, size_t len, const char *value)
{
    char variable[128] = "OS_";
    size_t n = 3;
    for (size_t i = 0; i < len && key[i] && n + 1 < sizeof variable; i++)
        variable[n++] = key[i] == '-' ? '_' : (char)toupper((unsigned char)key[i]);
    variable[n] = '\0';
    setenv(variable, value, 1);
}

/* The image named or identified by name_or_id (exits when there is none). */
static json_t *find_image(const char *name_or_id)
{
    json_t *image = NULL;
    osi_error *err = NULL;
    osi_status rc = osi_find_image(conn(), name_or_id, 0, &image, &err);
    if (rc != OSI_OK)
        exit(report(rc, err, "image '%s'", name_or_id));
    return image;
}

static const char *str_of(const json_t *object, const char *key)
{
    const char *value = json_string_value(json_object_get(object, key));
    return value ? value : "";
}

/* The id of the image named or identified by name_or_id (to free; exits when there is none). */
static char *image_id(const char *name_or_id)
{
    json_t *image = find_image(name_or_id);
    char *id = strdup(str_of(image, "id"));
    json_decref(image);
    if (!id)
        exit(OSI_NO_MEMORY);
    return id;
}

/* ---- Output: values as openstackclient shows them ---- */

typedef struct {
    char *data;
    size_t len, cap;
} buffer;

static void put(buffer *b, const char *text, size_t len)
{
    if (b->len + len + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < b->len + len + 1)
            cap *= 2;
        char *data = realloc(b->data, cap);
        if (!data) {
            fprintf(stderr, "%s: out of memory\n", g_prog);
            exit(OSI_NO_MEMORY);
        }
        b->data = data;
        b->cap = cap;
    }
    memcpy(b->data + b->len, text, len);
    b->len += len;
    b->data[b->len] = '\0';
}

static void puts_b(buffer *b, const char *text) { put(b, text, strlen(text)); }

/* The keys of object in byte order (an array to free; *count of them). */
static const char **sorted_keys(const json_t *object, size_t *count)
{
    size_t n = json_object_size(object);
    const char **keys = calloc(n ? n : 1, sizeof *keys);
    const char *key;
    json_t *value;
    if (!keys)
        exit(OSI_NO_MEMORY);
    *count = 0;
    json_object_foreach((json_t *)object, key, value) keys[(*count)++] = key;
    for (size_t i = 1; i < *count; i++)
        for (size_t j = i; j > 0 && strcmp(keys[j - 1], keys[j]) > 0; j--) {
            const char *t = keys[j];
            keys[j] = keys[j - 1];
            keys[j - 1] = t;
        }
    return keys;
}

static void human(buffer *b, const json_t *value);

/* An object the way openstackclient's format_dict writes it: a='1', b='2' (keys sorted). */
static void human_dict(buffer *b, const json_t *object, const char *prefix)
{
    size_t count = 0;
    const char **keys = sorted_keys(object, &count);
    for (size_t i = 0; i < count; i++) {
        json_t *item = json_object_get(object, keys[i]);
        buffer name = {0};
        if (prefix) {
            puts_b(&name, prefix);
            puts_b(&name, ".");
        }
        puts_b(&name, keys[i]);
        if (i)
            puts_b(b, ", ");
        if (json_is_object(item)) {
            human_dict(b, item, name.data);
        } else {
            puts_b(b, name.data);
            puts_b(b, "=");
            if (!json_is_null(item)) {
                puts_b(b, "'");
                human(b, item);
                puts_b(b, "'");
            }
        }
        free(name.data);
    }
    free(keys);
}

/* A JSON value as text: strings as they are, None, True/False, lists "a, b". */
static void human(buffer *b, const json_t *value)
{
    if (!value || json_is_null(value)) {
        puts_b(b, "None");
    } else if (json_is_string(value)) {
        put(b, json_string_value(value), json_string_length(value));
    } else if (json_is_true(value)) {
        puts_b(b, "True");
    } else if (json_is_false(value)) {
        puts_b(b, "False");
    } else if (json_is_array(value)) {
        size_t i;
        json_t *item;
        json_array_foreach(value, i, item) {
            if (i)
                puts_b(b, ", ");
            human(b, item);
        }
    } else if (json_is_object(value)) {
        human_dict(b, value, NULL);
    } else {
        char *text = json_dumps(value, JSON_ENCODE_ANY);
        if (text)
            puts_b(b, text);
        free(text);
    }
}

static char *human_text(const json_t *value)
{
    buffer b = {0};
    puts_b(&b, "");
    human(&b, value);
    return b.data;
}

/* Display width of UTF-8 text (code points). */
static size_t width(const char *text)
{
    size_t n = 0;
    for (; *text; text++)
        if (((unsigned char)*text & 0xC0) != 0x80)
            n++;
    return n;
}

/* Is column (title or key) selected by -c? All are when -c was not given. */
static int selected(const char *title, const char *key)
{
    if (g_ncolumns == 0)
        return 1;
    for (int i = 0; i < g_ncolumns; i++)
        if (strcasecmp(g_columns[i], title) == 0 || (key && strcasecmp(g_columns[i], key) == 0))
            return 1;
    return 0;
}

static void rule(const size_t *widths, int n)
{
    for (int i = 0; i < n; i++) {
        putchar('+');
        for (size_t j = 0; j < widths[i] + 2; j++)
            putchar('-');
    }
    puts("+");
}

static void row(char **cells, const size_t *widths, int n)
{
    for (int i = 0; i < n; i++) {
        printf("| %s", cells[i]);
        for (size_t j = width(cells[i]); j < widths[i] + 1; j++)
            putchar(' ');
    }
    puts("|");
}

/* A YAML scalar: plain when that reads back as the same string, else JSON-quoted. */
static void yaml_scalar(const json_t *value)
{
    if (json_is_string(value)) {
        const char *s = json_string_value(value);
        int plain = *s && !strchr("-?:,[]{}#&*!|>'\"%@` ", *s);
        for (const char *p = s; plain && *p; p++)
            if (!(isalnum((unsigned char)*p) || strchr("-_./+=()~", *p)))
                plain = 0;
        static const char *const words[] = {"true", "false", "yes", "no", "on", "off", "null", "y", "n", "~", NULL};
        for (int i = 0; plain && words[i]; i++)
            if (strcasecmp(s, words[i]) == 0)
                plain = 0;
        char *end = NULL;
        if (plain) {
            (void)strtod(s, &end);
            if (end && *end == '\0')
                plain = 0;
        }
        if (plain) {
            fputs(s, stdout);
            return;
        }
    }
    char *text = json_dumps(value, JSON_ENCODE_ANY | JSON_COMPACT);
    fputs(text ? text : "null", stdout);
    free(text);
}

/* A csv field with QUOTE_NONNUMERIC: strings quoted, numbers and booleans plain. */
static void csv_field(const json_t *value)
{
    if (!value || json_is_null(value))
        return;
    if (json_is_number(value) || json_is_boolean(value)) {
        char *text = human_text(value);
        fputs(text, stdout);
        free(text);
        return;
    }
    char *text = human_text(value);
    putchar('"');
    for (const char *p = text; *p; p++) {
        if (*p == '"')
            putchar('"');
        putchar(*p);
    }
    putchar('"');
    free(text);
}

typedef struct {
    const char *title; /* "Disk Format" */
    const char *key;   /* "disk_format" */
} column;

/* Prints rows (a JSON array of objects) with columns, in the -f format (table by default). */
static int emit_list(const column *columns, int ncolumns, json_t *rows)
{
    const char *format = g_format ? g_format : "table";
    int chosen[64], n = 0;
    for (int i = 0; i < ncolumns && n < 64; i++)
        if (selected(columns[i].title, columns[i].key))
            chosen[n++] = i;
    if (n == 0)
        usage_error("no recognized column names in -c");
    size_t nrows = json_array_size(rows), r;
    json_t *item;
    if (strcmp(format, "json") == 0) {
        json_t *out = json_array();
        json_array_foreach(rows, r, item) {
            json_t *object = json_object();
            for (int i = 0; i < n; i++) {
                json_t *v = json_object_get(item, columns[chosen[i]].key);
                json_object_set(object, columns[chosen[i]].title, v ? v : json_null());
            }
            json_array_append_new(out, object);
        }
        char *text = json_dumps(out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        puts(text ? text : "[]");
        free(text);
        json_decref(out);
    } else if (strcmp(format, "yaml") == 0) {
        if (nrows == 0)
            puts("[]");
        json_array_foreach(rows, r, item) {
            for (int i = 0; i < n; i++) {
                json_t *v = json_object_get(item, columns[chosen[i]].key);
                printf("%s", i ? "  " : "- ");
                json_t *title = json_string(columns[chosen[i]].title);
                yaml_scalar(title);
                json_decref(title);
                fputs(": ", stdout);
                yaml_scalar(v ? v : json_null());
                putchar('\n');
            }
        }
    } else if (strcmp(format, "csv") == 0) {
        for (int i = 0; i < n; i++)
            printf("%s\"%s\"", i ? "," : "", columns[chosen[i]].title);
        putchar('\n');
        json_array_foreach(rows, r, item) {
            for (int i = 0; i < n; i++) {
                if (i)
                    putchar(',');
                csv_field(json_object_get(item, columns[chosen[i]].key));
            }
            putchar('\n');
        }
    } else if (strcmp(format, "value") == 0) {
        json_array_foreach(rows, r, item) {
            for (int i = 0; i < n; i++) {
                char *text = human_text(json_object_get(item, columns[chosen[i]].key));
                printf("%s%s", i ? " " : "", text);
                free(text);
            }
            putchar('\n');
        }
    } else if (strcmp(format, "table") == 0) {
        if (nrows == 0)
            return 0;
        size_t widths[64];
        char *cells[64];
        for (int i = 0; i < n; i++)
            widths[i] = width(columns[chosen[i]].title);
        json_array_foreach(rows, r, item) for (int i = 0; i < n; i++) {
            char *text = human_text(json_object_get(item, columns[chosen[i]].key));
            if (width(text) > widths[i])
                widths[i] = width(text);
            free(text);
        }
        rule(widths, n);
        for (int i = 0; i < n; i++)
            cells[i] = (char *)columns[chosen[i]].title;
        row(cells, widths, n);
        rule(widths, n);
        json_array_foreach(rows, r, item) {
            for (int i = 0; i < n; i++)
                cells[i] = human_text(json_object_get(item, columns[chosen[i]].key));
            row(cells, widths, n);
            for (int i = 0; i < n; i++)
                free(cells[i]);
        }
        rule(widths, n);
    } else {
        usage_error("unknown format '%s' for a list (table, csv, json, value, yaml)", format);
    }
    return 0;
}

/* Prints one resource (a JSON object, fields in its order), in the -f format. */
static int emit_show(json_t *fields)
{
    const char *format = g_format ? g_format : "table";
    const char *key;
    json_t *value;
    json_t *shown = json_object();
    json_object_foreach(fields, key, value) if (selected(key, NULL))
        json_object_set(shown, key, value);
    if (json_object_size(shown) == 0 && json_object_size(fields) > 0 && g_ncolumns > 0)
        usage_error("no recognized column names in -c");
    if (strcmp(format, "json") == 0) {
        char *text = json_dumps(shown, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        puts(text ? text : "{}");
        free(text);
    } else if (strcmp(format, "yaml") == 0) {
        if (json_object_size(shown) == 0)
            puts("{}");
        json_object_foreach(shown, key, value) {
            json_t *name = json_string(key);
            yaml_scalar(name);
            json_decref(name);
            fputs(": ", stdout);
            yaml_scalar(value);
            putchar('\n');
        }
    } else if (strcmp(format, "value") == 0) {
        json_object_foreach(shown, key, value) {
            char *text = human_text(value);
            puts(text);
            free(text);
        }
    } else if (strcmp(format, "shell") == 0) {
        json_object_foreach(shown, key, value) {
            char *text = human_text(value);
            for (const char *p = key; *p; p++)
                putchar(isalnum((unsigned char)*p) ? *p : '_');
            fputs("=\"", stdout);
            for (const char *p = text; *p; p++) {
                if (*p == '"' || *p == '\\' || *p == '$' || *p == '`')
                    putchar('\\');
                putchar(*p);
            }
            puts("\"");
            free(text);
        }
    } else if (strcmp(format, "table") == 0) {
        size_t widths[2] = {5, 5};
        json_object_foreach(shown, key, value) {
            char *text = human_text(value);
            if (width(key) > widths[0])
                widths[0] = width(key);
            if (width(text) > widths[1])
                widths[1] = width(text);
            free(text);
        }
        char *cells[2] = {"Field", "Value"};
        rule(widths, 2);
        row(cells, widths, 2);
        rule(widths, 2);
        json_object_foreach(shown, key, value) {
            cells[0] = (char *)key;
            cells[1] = human_text(value);
            row(cells, widths, 2);
            free(cells[1]);
        }
        rule(widths, 2);
    } else {
        usage_error("unknown format '%s' for one resource (table, json, shell, value, yaml)", format);
    }
    json_decref(shown);
    return 0;
}

/* A new object with the keys of object sorted. */
static json_t *sorted(const json_t *object)
{
    size_t count = 0;
    const char **keys = sorted_keys(object, &count);
    json_t *out = json_object();
    for (size_t i = 0; i < count; i++)
        json_object_set(out, keys[i], json_object_get(object, keys[i]));
    free(keys);
    return out;
}

/* Shows an image as `openstack image show` does: its fields, tags, other keys as properties. */
static int show_image(json_t *image)
{
    static const char *const fields[] = {
        "checksum", "container_format", "created_at", "disk_format", "file", "id", "min_disk",
        "min_ram", "name", "owner", "protected", "schema", "size", "status", "updated_at",
        "virtual_size", "visibility", NULL};
    json_t *info = json_object(), *properties = json_object();
    const char *key;
    json_t *value;
    json_object_foreach(image, key, value) {
        int known = 0;
        for (int i = 0; fields[i]; i++)
            known |= strcmp(key, fields[i]) == 0;
        if (known)
            json_object_set(info, key, value);
        else if (strcmp(key, "tags") != 0 && strcmp(key, "self") != 0 && strcmp(key, "locations") != 0)
            json_object_set(properties, key, value);
    }
    json_t *tags = json_object_get(image, "tags");
    json_object_set_new(info, "tags", tags ? json_incref(tags) : json_array());
    if (json_object_size(properties))
        json_object_set(info, "properties", properties);
    json_t *ordered = sorted(info);
    json_decref(info);
    /* -c may also name a property (os_hash_value, build_id...): shown after the fields. */
    for (int i = 0; i < g_ncolumns; i++)
        if (!json_object_get(ordered, g_columns[i]) && json_object_get(properties, g_columns[i]))
            json_object_set(ordered, g_columns[i], json_object_get(properties, g_columns[i]));
    json_decref(properties);
    emit_show(ordered);
    json_decref(ordered);
    return 0;
}

static int show_sorted(json_t *object)
{
    json_t *ordered = sorted(object);
    emit_show(ordered);
    json_decref(ordered);
    return 0;
}

/* Shows the resource a call gave (fields sorted) and frees it, or reports the failure. */
static int shown(osi_status rc, osi_error *err, json_t *resource, const char *fmt, ...)
{
    if (rc != OSI_OK) {
        va_list ap;
        va_start(ap, fmt);
        int status = vreport(rc, err, fmt, ap);
        va_end(ap);
        return status;
    }
    show_sorted(resource);
    json_decref(resource);
    return 0;
}

/* Drains an iterator into a new array; exits on failure. */
static json_t *drain(osi_iter *iter, const char *what)
{
    json_t *rows = json_array(), *item = NULL;
    osi_error *err = NULL;
    osi_status rc;
    while ((rc = osi_iter_next(iter, &item, &err)) == OSI_OK && item)
        json_array_append_new(rows, item);
    osi_iter_free(iter);
    if (rc != OSI_OK)
        exit(report(rc, err, "%s", what));
    return rows;
}

/* ---- Progress: a bar on a terminal, plain lines otherwise (stderr) ---- */

typedef struct {
    const char *label;
    int tty;
    double started, drawn;
    int64_t done, total;
    int step;      /* last 10% step printed (plain lines) */
    int64_t mark;  /* bytes at the last plain line, when the total is unknown */
} progress;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void size_text(char *out, size_t cap, double bytes)
{
    static const char *const units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    int unit = 0;
    while (bytes >= 1024 && unit < 4) {
        bytes /= 1024;
        unit++;
    }
    snprintf(out, cap, unit ? "%.1f %s" : "%.0f %s", bytes, units[unit]);
}

static void progress_draw(progress *p, int final)
{
    double elapsed = now() - p->started;
    double rate = elapsed > 0 ? (double)p->done / elapsed : 0;
    char done[32], total[32], speed[32], eta[32] = "";
    size_text(done, sizeof done, (double)p->done);
    size_text(total, sizeof total, (double)p->total);
    size_text(speed, sizeof speed, rate);
    int percent = p->total > 0 ? (int)((double)p->done * 100.0 / (double)p->total) : -1;
    if (percent > 100)
        percent = 100;
    if (p->total > 0 && rate > 0 && !final) {
        double left = (double)(p->total - p->done) / rate;
        if (left >= 0 && left < 1e7)
            snprintf(eta, sizeof eta, " ETA %d:%02d", (int)left / 60, (int)left % 60);
    }
    if (p->tty) {
        char bar[31];
        int filled = percent >= 0 ? percent * 30 / 100 : 0;
        for (int i = 0; i < 30; i++)
            bar[i] = percent < 0 ? (i == (int)(elapsed * 8) % 30 ? '=' : ' ') : i < filled ? '=' : ' ';
        bar[30] = '\0';
        if (percent >= 0)
            fprintf(stderr, "\r%s [%s] %3d%% %s of %s, %s/s%s\033[K", p->label, bar, percent, done,
                    total, speed, eta);
        else
            fprintf(stderr, "\r%s [%s] %s, %s/s\033[K", p->label, bar, done, speed);
        if (final)
            fputc('\n', stderr);
    } else if (percent >= 0) {
        fprintf(stderr, "%s: %d%% %s of %s, %s/s%s\n", p->label, percent, done, total, speed, eta);
    } else {
        fprintf(stderr, "%s: %s, %s/s\n", p->label, done, speed);
    }
    fflush(stderr);
}

static int progress_cb(int64_t done, int64_t total, void *userdata)
{
    progress *p = userdata;
    p->done = done;
    p->total = total;
    double t = now();
    if (p->tty) {
        if (t - p->drawn >= 0.1) {
            p->drawn = t;
            progress_draw(p, 0);
        }
    } else if (total > 0) {
        int step = (int)((double)done * 10.0 / (double)total);
        if (step > p->step && step < 10) {
            p->step = step;
            progress_draw(p, 0);
        }
    } else if (done - p->mark >= (int64_t)64 << 20) {
        p->mark = done;
        progress_draw(p, 0);
    }
    return 0;
}

static void progress_start(progress *p, const char *label)
{
    memset(p, 0, sizeof *p);
    p->label = label;
    p->tty = isatty(2);
    p->started = now();
    p->total = -1;
}

/* After a transfer: the final line when it was shown and succeeded, else ends the bar. */
static void progress_end(progress *p, int shown, osi_status rc)
{
    if (shown && rc == OSI_OK)
        progress_draw(p, 1);
    else if (shown && p->tty)
        fputc('\n', stderr);
}

/* ---- Helpers of several commands ---- */

/* Splits "key=value"; exits on a missing '='. */
static char *split_property(const char *text, const char **value)
{
    const char *eq = strchr(text, '=');
    if (!eq || eq == text)
        usage_error("--property needs KEY=VALUE, not '%s'", text);
    *value = eq + 1;
    return strndup(text, (size_t)(eq - text));
}

static const char *const visibility_flags[] = {"--public", "--private", "--shared", "--community", NULL};
static const char *const visibility_values[] = {"public", "private", "shared", "community"};

/* Image attributes common to create and set, into object. */
static void image_attributes(const args *a, json_t *object, int for_create)
{
    static const struct { const char *flag, *key; } strings[] = {
        {"--disk-format", "disk_format"}, {"--container-format", "container_format"},
        {"--architecture", "architecture"}, {"--os-distro", "os_distro"},
        {"--os-version", "os_version"}, {"--kernel-id", "kernel_id"},
        {"--ramdisk-id", "ramdisk_id"}, {"--instance-id", "instance_uuid"}, {NULL, NULL}};
    for (int i = 0; strings[i].flag; i++)
        if (opt(a, strings[i].flag))
            json_object_set_new(object, strings[i].key, json_string(opt(a, strings[i].flag)));
    if (opt(a, "--min-disk"))
        json_object_set_new(object, "min_disk", json_integer(int_opt(a, "--min-disk", 0)));
    if (opt(a, "--min-ram"))
        json_object_set_new(object, "min_ram", json_integer(int_opt(a, "--min-ram", 0)));
    static const char *const protection[] = {"--protected", "--unprotected", NULL};
    int p = choice(a, protection);
    if (p >= 0)
        json_object_set_new(object, "protected", json_boolean(p == 0));
    static const char *const hiding[] = {"--hidden", "--unhidden", NULL};
    int h = choice(a, hiding);
    if (h >= 0)
        json_object_set_new(object, "os_hidden", json_boolean(h == 0));
    int v = choice(a, visibility_flags);
    if (v >= 0)
        json_object_set_new(object, "visibility", json_string(visibility_values[v]));
    if (for_create && opt(a, "--project"))
        json_object_set_new(object, "owner", json_string(opt(a, "--project")));
}

/* The --property KEY=VALUE options as an object of strings. */
static json_t *properties(const args *a)
{
    json_t *object = json_object();
    for (int i = 0; i < a->nopts; i++)
        if (strcmp(a->opts[i].name, "--property") == 0) {
            const char *value;
            char *key = split_property(a->opts[i].value, &value);
            json_object_set_new(object, key, json_string(value));
            free(key);
        }
    return object;
}

/* Every value of a repeatable option as an array. */
static json_t *all(const args *a, const char *name)
{
    json_t *array = json_array();
    for (int i = 0; i < a->nopts; i++)
        if (strcmp(a->opts[i].name, name) == 0)
            json_array_append_new(array, json_string(a->opts[i].value));
    return array;
}

/* --timeout S (at most a year) into options as "timeout". */
static void timeout_option(const args *a, json_t *options)
{
    if (!opt(a, "--timeout"))
        return;
    long long timeout = int_opt(a, "--timeout", 0);
    if (timeout > 31536000)
        usage_error("--timeout is at most 31536000 seconds");
    json_object_set_new(options, "timeout", json_integer(timeout));
}

/* Reads standard input for a pipe source; a read error aborts the upload. */
static int64_t read_stdin(void *buf, size_t cap, void *userdata)
{
    (void)userdata;
    ssize_t n;
    do
        n = read(0, buf, cap);
    while (n < 0 && errno == EINTR);
    if (n < 0)
        fprintf(stderr, "%s: cannot read standard input: %s\n", g_prog, strerror(errno));
    return n < 0 ? -1 : (int64_t)n;
}

/* A source for --file PATH ("-": standard input; a pipe is read once, as it comes); NULL
 * without --file. With --decompress, the decompressed bytes of it (xz, gzip or zstd, told
 * from the magic bytes). */
static osi_source *data_source(const args *a)
{
    const char *path = opt(a, "--file");
    osi_source *source = NULL;
    osi_error *err = NULL;
    osi_status rc;
    if (!path && flag(a, "--decompress"))
        usage_error("--decompress needs --file FILE (or --file - for standard input)");
    if (!path)
        return NULL;
    if (strcmp(path, "-") == 0 && lseek(0, 0, SEEK_CUR) < 0)
        rc = osi_source_callback(read_stdin, NULL, -1, &source, &err);
    else if (strcmp(path, "-") == 0)
        rc = osi_source_fd(0, -1, &source, &err);
    else
        rc = osi_source_file(path, &source, &err);
    if (rc != OSI_OK)
        exit(report(rc, err, "cannot read '%s'", path));
    if (flag(a, "--decompress")) {
        osi_source *decompressed = NULL;
        rc = osi_source_decompress(source, NULL, NULL, &decompressed, &err);
        osi_source_free(source);
        if (rc != OSI_OK)
            exit(report(rc, err, "cannot decompress '%s'", path));
        source = decompressed;
    }
    return source;
}

/* ---- Commands ---- */

static int cmd_list(args *a)
{
    static const column short_columns[] = {{"ID", "id"}, {"Name", "name"}, {"Status", "status"}};
    static const column long_columns[] = {
        {"ID", "id"}, {"Name", "name"}, {"Disk Format", "disk_format"},
        {"Container Format", "container_format"}, {"Size", "size"}, {"Checksum", "checksum"},
        {"Status", "status"}, {"Visibility", "visibility"}, {"Protected", "protected"},
        {"Project", "owner"}, {"Tags", "tags"}};
    json_t *query = properties(a);
    int v = choice(a, visibility_flags);
    if (v >= 0)
        json_object_set_new(query, "visibility", json_string(visibility_values[v]));
    static const struct { const char *flag, *key; } filters[] = {
        {"--name", "name"}, {"--status", "status"}, {"--member-status", "member_status"},
        {"--project", "owner"}, {"--sort", "sort"}, {"--marker", "marker"}, {NULL, NULL}};
    for (int i = 0; filters[i].flag; i++)
        if (opt(a, filters[i].flag))
            json_object_set_new(query, filters[i].key, json_string(opt(a, filters[i].flag)));
    if (flag(a, "--hidden"))
        json_object_set_new(query, "os_hidden", json_true());
    json_t *tags = all(a, "--tag");
    if (json_array_size(tags))
        json_object_set(query, "tag", tags);
    json_decref(tags);
    if (opt(a, "--limit")) {
        long long limit = int_opt(a, "--limit", 0);
        if (limit < 1 || limit > 1000000)
            usage_error("--limit must be between 1 and 1000000");
        json_object_set_new(query, "max_items", json_integer(limit));
        json_object_set_new(query, "limit", json_integer(limit < 1000 ? limit : 1000));
    }
    osi_iter *iter = NULL;
    osi_error *err = NULL;
    osi_status rc = osi_images(conn(), query, &iter, &err);
    json_decref(query);
    if (rc != OSI_OK)
        return report(rc, err, "cannot list images");
    json_t *rows = drain(iter, "cannot list images");
    int long_list = flag(a, "--long");
    column columns[64];
    int ncolumns = long_list ? 11 : 3;
    memcpy(columns, long_list ? long_columns : short_columns, (size_t)ncolumns * sizeof *columns);
    /* -c may also name a column of --long without it, or (in lower case) any other field of
     * the images (created_at, a custom property...): such columns come after the list's own,
     * in the order given, titled as in --long or by the field's name. */
    for (int i = 0; i < g_ncolumns && ncolumns < 64; i++) {
        column extra = {g_columns[i], g_columns[i]};
        int known = strspn(g_columns[i], "abcdefghijklmnopqrstuvwxyz0123456789_.:-") != strlen(g_columns[i]);
        for (int j = 0; j < 11; j++)
            if (strcasecmp(g_columns[i], long_columns[j].title) == 0 || strcasecmp(g_columns[i], long_columns[j].key) == 0)
                extra = long_columns[j], known = 0;
        for (int j = 0; j < ncolumns && !known; j++)
            known = strcmp(extra.key, columns[j].key) == 0;
        if (!known)
            columns[ncolumns++] = extra;
    }
    int status = emit_list(columns, ncolumns, rows);
    json_decref(rows);
    return status;
}

static int cmd_show(args *a)
{
    json_t *image = find_image(a->pos[0]);
    show_image(image);
    json_decref(image);
    return 0;
}

static int cmd_create(args *a)
{
    json_t *options = json_pack("{s:b}", "allow_duplicates", 1);
    image_attributes(a, options, 1);
    json_t *meta = properties(a);
    if (json_object_size(meta))
        json_object_set(options, "meta", meta);
    json_decref(meta);
    json_t *tags = all(a, "--tag");
    if (json_array_size(tags))
        json_object_set(options, "tags", tags);
    json_decref(tags);
    if (flag(a, "--import") || opt(a, "--import-method") || opt(a, "--uri") || opt(a, "--store")) {
        json_object_set_new(options, "use_import", json_true());
        const char *method = opt(a, "--import-method");
        if (!method)
            method = opt(a, "--uri") ? "web-download" : "glance-direct";
        json_object_set_new(options, "import_method", json_string(method));
        if (opt(a, "--uri"))
            json_object_set_new(options, "uri", json_string(opt(a, "--uri")));
        json_t *stores = all(a, "--store");
        if (json_array_size(stores) == 1)
            json_object_set(options, "store", json_array_get(stores, 0));
        else if (json_array_size(stores) > 1)
            json_object_set(options, "stores", stores);
        json_decref(stores);
    }
    if (flag(a, "--wait"))
        json_object_set_new(options, "wait", json_true());
    timeout_option(a, options);
    osi_source *source = data_source(a);
    progress bar;
    progress_start(&bar, "upload");
    int show_progress = flag(a, "--progress") && source;
    json_t *image = NULL;
    osi_error *err = NULL;
    osi_status rc = osi_create_image(conn(), a->pos[0], options, source,
                                     show_progress ? progress_cb : NULL, &bar, &image, &err);
    json_decref(options);
    osi_source_free(source);
    progress_end(&bar, show_progress, rc);
    if (rc != OSI_OK)
        return report(rc, err, "cannot create image '%s'", a->pos[0]);
    show_image(image);
    json_decref(image);
    return 0;
}

/* The sink for save: stdout, a FIFO or device as a descriptor, a file atomically. */
static osi_sink *save_sink(const char *path, int *fd)
{
    osi_sink *sink = NULL;
    osi_error *err = NULL;
    osi_status rc;
    struct stat st;
    *fd = -1;
    if (!path || strcmp(path, "-") == 0) {
        if (isatty(1)) {
            fprintf(stderr, "%s: refusing to write image data to a terminal: give --file or redirect\n", g_prog);
            exit(EXIT_USAGE);
        }
        rc = osi_sink_fd(1, &sink, &err);
    } else if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        /* A FIFO, a device, a socket: written in place (a file is replaced only once verified). */
        *fd = open(path, O_WRONLY);
        if (*fd < 0) {
            fprintf(stderr, "%s: cannot open '%s': %s\n", g_prog, path, strerror(errno));
            exit(OSI_IO);
        }
        rc = osi_sink_fd(*fd, &sink, &err);
    } else {
        rc = osi_sink_file(path, &sink, &err);
    }
    if (rc != OSI_OK)
        exit(report(rc, err, "cannot write '%s'", path ? path : "-"));
    return sink;
}

static int cmd_save(args *a)
{
    char *id = image_id(a->pos[0]);
    json_t *options = json_object();
    if (opt(a, "--offset"))
        json_object_set_new(options, "offset", json_integer(int_opt(a, "--offset", 0)));
    if (opt(a, "--length"))
        json_object_set_new(options, "length", json_integer(int_opt(a, "--length", 0)));
    if (flag(a, "--no-verify"))
        json_object_set_new(options, "verify", json_false());
    if (flag(a, "--require-hash"))
        json_object_set_new(options, "require_hash", json_true());
    if (flag(a, "--resume")) {
        const char *file = opt(a, "--file");
        if (!file || strcmp(file, "-") == 0)
            usage_error("--resume needs --file FILE: the partial data is kept beside it");
        json_object_set_new(options, "resume", json_true());
    }
    if (opt(a, "--connections"))    /* 1..16, checked by the library */
        json_object_set_new(options, "connections", json_integer(int_opt(a, "--connections", 1)));
    int fd;
    osi_sink *sink = save_sink(opt(a, "--file"), &fd);
    progress bar;
    progress_start(&bar, "download");
    int show_progress = flag(a, "--progress");
    json_t *result = NULL;
    osi_error *err = NULL;
    osi_status rc = osi_download_image(conn(), id, sink, options, show_progress ? progress_cb : NULL,
                                       &bar, &result, &err);
    json_decref(options);
    osi_sink_free(sink);
    if (fd >= 0)
        close(fd);
    progress_end(&bar, show_progress, rc);
    int status = 0;
    if (rc != OSI_OK) {
        status = report(rc, err, "cannot save image %s", id);
    } else if (show_progress || g_debug) {
        json_t *resumed = json_object_get(result, "resumed_from");
        if (json_integer_value(resumed) > 0)
            fprintf(stderr, "%s: resumed from byte %" JSON_INTEGER_FORMAT "\n", g_prog, json_integer_value(resumed));
        json_int_t links = json_integer_value(json_object_get(result, "connections"));
        if (links > 1)
            fprintf(stderr, "%s: %lld connections\n", g_prog, (long long)links);
        if (json_is_true(json_object_get(result, "hash_verified")))
            fprintf(stderr, "%s: verified %s %s\n", g_prog, str_of(result, "hash_algo"),
                    str_of(result, "hash_actual"));
        else
            fprintf(stderr, "%s: not verified (%s)\n", g_prog,
                    json_is_true(json_object_get(result, "ranged")) ? "a range" : "no hash to check");
    }
    json_decref(result);
    free(id);
    return status;
}

static int cmd_set(args *a)
{
    char *id = image_id(a->pos[0]);
    osi_error *err = NULL;
    osi_status rc;
    static const char *const member_flags[] = {"--accept", "--reject", "--pending", NULL};
    static const char *const member_status[] = {"accepted", "rejected", "pending"};
    int m = choice(a, member_flags);
    json_t *changes = properties(a);
    image_attributes(a, changes, 0);
    if (opt(a, "--name"))
        json_object_set_new(changes, "name", json_string(opt(a, "--name")));
    if (m < 0 && opt(a, "--project"))
        json_object_set_new(changes, "owner", json_string(opt(a, "--project")));
    if (json_object_size(changes)) {
        json_t *updated = NULL;
        rc = osi_update_image(conn(), id, changes, &updated, &err);
        json_decref(updated);
        if (rc != OSI_OK) {
            json_decref(changes);
            return report(rc, err, "cannot update image %s", id);
        }
    }
    json_decref(changes);
    for (int i = 0; i < a->nopts; i++)
        if (strcmp(a->opts[i].name, "--tag") == 0 &&
            (rc = osi_add_tag(conn(), id, a->opts[i].value, &err)) != OSI_OK)
            return report(rc, err, "cannot add tag '%s'", a->opts[i].value);
    static const char *const activation[] = {"--deactivate", "--activate", NULL};
    int act = choice(a, activation);
    if (act == 0 && (rc = osi_deactivate_image(conn(), id, &err)) != OSI_OK)
        return report(rc, err, "cannot deactivate image %s", id);
    if (act == 1 && (rc = osi_reactivate_image(conn(), id, &err)) != OSI_OK)
        return report(rc, err, "cannot reactivate image %s", id);
    if (m >= 0) {
        const char *project = opt(a, "--project");
        json_t *info = NULL;
        if (!project) {
            if ((rc = osi_conn_info(conn(), &info, &err)) != OSI_OK)
                return report(rc, err, "cannot tell the current project");
            project = str_of(info, "project_id");
        }
        json_t *member = NULL;
        rc = osi_update_member(conn(), id, project, member_status[m], &member, &err);
        json_decref(member);
        json_decref(info);
        if (rc != OSI_OK)
            return report(rc, err, "cannot set the member status of image %s", id);
    }
    free(id);
    return 0;
}

static int cmd_unset(args *a)
{
    char *id = image_id(a->pos[0]);
    osi_error *err = NULL;
    osi_status rc;
    json_t *changes = json_object();
    for (int i = 0; i < a->nopts; i++)
        if (strcmp(a->opts[i].name, "--property") == 0)
            json_object_set_new(changes, a->opts[i].value, json_null());
    json_t *updated = NULL;
    if (json_object_size(changes) && (rc = osi_update_image(conn(), id, changes, &updated, &err)) != OSI_OK) {
        json_decref(changes);
        return report(rc, err, "cannot unset properties of image %s", id);
    }
    json_decref(changes);
    json_decref(updated);
    for (int i = 0; i < a->nopts; i++)
        if (strcmp(a->opts[i].name, "--tag") == 0 &&
            (rc = osi_remove_tag(conn(), id, a->opts[i].value, &err)) != OSI_OK)
            return report(rc, err, "cannot remove tag '%s'", a->opts[i].value);
    free(id);
    return 0;
}

static int cmd_delete(args *a)
{
    int first = 0, failures = 0;
    for (int i = 0; i < a->npos; i++) {
        json_t *image = NULL;
        osi_error *err = NULL;
        osi_status rc = osi_find_image(conn(), a->pos[i], 0, &image, &err);
        if (rc == OSI_OK)
            rc = cli_delete_image(conn(), str_of(image, "id"), opt(a, "--store"), &err);
        json_decref(image);
        if (rc != OSI_OK) {
            report(rc, err, "failed to delete image with name or ID '%s'", a->pos[i]);
            failures++;
            first = first ? first : (int)rc;
        }
    }
    if (failures)
        fprintf(stderr, "%s: %d of %d images failed to delete.\n", g_prog, failures, a->npos);
    return first;
}

static int cmd_add_project(args *a)
{
    char *id = image_id(a->pos[0]);
    json_t *member = NULL;
    osi_error *err = NULL;
    osi_status rc = osi_add_member(conn(), id, a->pos[1], &member, &err);
    free(id);
    return shown(rc, err, member, "cannot share image '%s' with %s", a->pos[0], a->pos[1]);
}

static int cmd_remove_project(args *a)
{
    json_t *image = find_image(a->pos[0]);
    osi_error *err = NULL;
    osi_status rc = osi_remove_member(conn(), str_of(image, "id"), a->pos[1], 0, &err);
    json_decref(image);
    return rc == OSI_OK ? 0 : report(rc, err, "cannot stop sharing '%s' with %s", a->pos[0], a->pos[1]);
}

static int cmd_member_list(args *a)
{
    static const column columns[] = {{"Image ID", "image_id"}, {"Member ID", "member_id"}, {"Status", "status"}};
    json_t *image = find_image(a->pos[0]), *query = json_object();
    if (opt(a, "--status"))
        json_object_set_new(query, "status", json_string(opt(a, "--status")));
    osi_iter *iter = NULL;
    osi_error *err = NULL;
    osi_status rc = osi_members(conn(), str_of(image, "id"), query, &iter, &err);
    json_decref(image);
    json_decref(query);
    if (rc != OSI_OK)
        return report(rc, err, "cannot list members of '%s'", a->pos[0]);
    json_t *rows = drain(iter, "cannot list members");
    emit_list(columns, 3, rows);
    json_decref(rows);
    return 0;
}

static int cmd_member_show(args *a)
{
    char *id = image_id(a->pos[0]);
    json_t *member = NULL;
    osi_error *err = NULL;
    osi_status rc = osi_get_member(conn(), id, a->pos[1], &member, &err);
    free(id);
    return shown(rc, err, member, "member %s of '%s'", a->pos[1], a->pos[0]);
}

static int cmd_member_set(args *a)
{
    static const char *const flags[] = {"--accept", "--reject", "--pending", NULL};
    static const char *const values[] = {"accepted", "rejected", "pending"};
    int m = choice(a, flags);
    const char *status = opt(a, "--status") ? opt(a, "--status") : m >= 0 ? values[m] : NULL;
    if (!status)
        usage_error("member set needs --accept, --reject, --pending or --status STATUS");
    char *id = image_id(a->pos[0]);
    json_t *member = NULL;
    osi_error *err = NULL;
    osi_status rc = osi_update_member(conn(), id, a->pos[1], status, &member, &err);
    free(id);
    return shown(rc, err, member, "cannot set member %s of '%s'", a->pos[1], a->pos[0]);
}

static int cmd_import(args *a)
{
    char *id = image_id(a->pos[0]);
    json_t *options = json_object();
    const char *method = opt(a, "--method") ? opt(a, "--method") : opt(a, "--import-method");
    if (!method)
        method = opt(a, "--uri") ? "web-download" : "glance-direct";
    json_object_set_new(options, "method", json_string(method));
    static const struct { const char *flag, *key; } strings[] = {
        {"--uri", "uri"}, {"--remote-image", "remote_image_id"}, {"--remote-region", "remote_region"},
        {"--remote-service-interface", "remote_service_interface"}, {NULL, NULL}};
    for (int i = 0; strings[i].flag; i++)
        if (opt(a, strings[i].flag))
            json_object_set_new(options, strings[i].key, json_string(opt(a, strings[i].flag)));
    json_t *stores = all(a, "--store");
    if (json_array_size(stores))
        json_object_set(options, "stores", stores);
    json_decref(stores);
    if (flag(a, "--all-stores"))
        json_object_set_new(options, "all_stores", json_true());
    static const char *const failure[] = {"--allow-failure", "--disallow-failure", NULL};
    int f = choice(a, failure);
    if (f >= 0)
        json_object_set_new(options, "all_stores_must_succeed", json_boolean(f == 1));
    osi_error *err = NULL;
    osi_status rc = osi_import_image(conn(), id, options, &err);
    json_decref(options);
    if (rc != OSI_OK) {
        rc = (osi_status)report(rc, err, "cannot import into image %s", id);
        free(id);
        return (int)rc;
    }
    json_t *after = NULL;
    if (flag(a, "--wait")) {
        long long timeout = int_opt(a, "--timeout", 3600);
        rc = cli_wait_for_image(conn(), id, "active", timeout > 0 ? (double)timeout : INFINITY, 1.0,
                                &after, &err);
    } else {
        rc = osi_get_image(conn(), id, &after, &err);
    }
    if (rc != OSI_OK) {
        rc = (osi_status)report(rc, err, "import into image %s", id);
        free(id);
        return (int)rc;
    }
    free(id);
    show_image(after);
    json_decref(after);
    return 0;
}

static int cmd_stage(args *a)
{
    char *id = image_id(a->pos[0]);
    if (!opt(a, "--file"))
        usage_error("stage needs --file FILE (or --file - for standard input)");
    osi_source *source = data_source(a);
    progress bar;
    progress_start(&bar, "stage");
    int show_progress = flag(a, "--progress");
    osi_error *err = NULL;
    osi_status rc = osi_stage_image(conn(), id, source, show_progress ? progress_cb : NULL, &bar,
                                    NULL, &err);
    osi_source_free(source);
    if (show_progress && rc == OSI_OK)
        progress_draw(&bar, 1);
    int status = rc == OSI_OK ? 0 : report(rc, err, "cannot stage data into image %s", id);
    free(id);
    return status;
}

/* The destination of copy: --to-cloud NAME (a clouds.yaml entry, in its own region unless
 * --to-region R), or the environment of the source with the --to-os-KEY VALUE settings laid
 * over it (opened after the source's connection, so these never reach the source). */
static osi_conn *destination_conn(const args *a)
{
    int any = 0;
    if (opt(a, "--to-cloud"))
        unsetenv("OS_REGION_NAME"); /* the source's region is not the other cloud's */
    for (int i = 0; i < a->nopts; i++) {
        const char *name = a->opts[i].name;
        const char *key = NULL;
        if (strcmp(name, "--to-cloud") == 0)
            key = "cloud";
        else if (strcmp(name, "--to-region") == 0)
            key = "region-name";
        else if (strncmp(name, "--to-os-", 8) == 0 && name[8])
            key = name + 8;
        if (!key)
            continue;
        set_os_variable(key, strlen(key), a->opts[i].value);
        any = 1;
    }
    if (!any)
        usage_error("copy needs a destination: --to-cloud NAME, --to-region REGION or --to-os-KEY VALUE");
    return open_env(" to the destination");
}

static int cmd_copy(args *a)
{
    static const char *const methods[] = {"stream", "glance-download", "auto", NULL};
    const char *method = opt(a, "--method");
    int known_method = !method;
    for (int i = 0; method && methods[i]; i++)
        known_method |= strcmp(method, methods[i]) == 0;
    if (!known_method)
        usage_error("--method is stream, glance-download or auto, not '%s'", method);
    json_t *source = find_image(a->pos[0]);
    json_t *options = json_object();
    image_attributes(a, options, 0);
    if (opt(a, "--name"))
        json_object_set_new(options, "name", json_string(opt(a, "--name")));
    if (method)
        json_object_set_new(options, "method", json_string(method));
    timeout_option(a, options);
    json_t *meta = properties(a);
    json_t *hidden = json_object_get(options, "os_hidden"); /* an attribute, but no copy option */
    if (hidden) {
        json_object_set(meta, "os_hidden", hidden);
        json_object_del(options, "os_hidden");
    }
    if (json_object_size(meta))
        json_object_set(options, "properties", meta);
    json_decref(meta);
    /* --tag adds to the source's tags. */
    json_t *tags = all(a, "--tag");
    if (json_array_size(tags)) {
        json_t *merged = json_array();
        size_t i;
        json_t *tag;
        json_array_foreach(json_object_get(source, "tags"), i, tag) json_array_append(merged, tag);
        json_array_foreach(tags, i, tag) json_array_append(merged, tag);
        json_object_set_new(options, "tags", merged);
    }
    json_decref(tags);
    char *id = strdup(str_of(source, "id"));
    json_decref(source);
    if (!id)
        exit(OSI_NO_MEMORY);
    osi_conn *src = conn();
    osi_conn *dst = destination_conn(a);
    progress bar;
    progress_start(&bar, "copy");
    int show_progress = flag(a, "--progress");
    json_t *image = NULL;
    osi_error *err = NULL;
    osi_status rc = osi_copy_image(src, id, dst, options, show_progress ? progress_cb : NULL, &bar, &image, &err);
    json_decref(options);
    osi_conn_free(dst);
    progress_end(&bar, show_progress, rc);
    if (rc != OSI_OK) {
        int status = report(rc, err, "cannot copy image %s", id);
        free(id);
        return status;
    }
    free(id);
    show_image(image);
    json_decref(image);
    return 0;
}

static int cmd_task_list(args *a)
{
    static const column columns[] = {{"ID", "id"}, {"Type", "type"}, {"Status", "status"}, {"Owner", "owner"}};
    json_t *query = json_object();
    static const struct { const char *flag, *key; } filters[] = {
        {"--type", "type"}, {"--status", "status"}, {"--sort-key", "sort_key"},
        {"--sort-dir", "sort_dir"}, {"--marker", "marker"}, {NULL, NULL}};
    for (int i = 0; filters[i].flag; i++)
        if (opt(a, filters[i].flag))
            json_object_set_new(query, filters[i].key, json_string(opt(a, filters[i].flag)));
    if (opt(a, "--limit")) {
        long long limit = int_opt(a, "--limit", 0);
        if (limit < 1 || limit > 1000000)
            usage_error("--limit must be between 1 and 1000000");
        json_object_set_new(query, "max_items", json_integer(limit));
    }
    osi_iter *iter = NULL;
    osi_error *err = NULL;
    osi_status rc = osi_tasks(conn(), query, &iter, &err);
    json_decref(query);
    if (rc != OSI_OK)
        return report(rc, err, "cannot list tasks");
    json_t *rows = drain(iter, "cannot list tasks");
    emit_list(columns, 4, rows);
    json_decref(rows);
    return 0;
}

static int cmd_task_show(args *a)
{
    json_t *task = NULL;
    osi_error *err = NULL;
    osi_status rc = osi_get_task(conn(), a->pos[0], &task, &err);
    return shown(rc, err, task, "task %s", a->pos[0]);
}

static int cmd_stores(args *a)
{
    static const column columns[] = {{"ID", "id"}, {"Description", "description"}, {"Default", "is_default"}};
    static const column detailed[] = {{"ID", "id"}, {"Description", "description"}, {"Default", "is_default"},
                                      {"Type", "type"}, {"Properties", "properties"}};
    osi_iter *iter = NULL;
    osi_error *err = NULL;
    int detail = flag(a, "--detail");
    osi_status rc = osi_stores(conn(), detail, &iter, &err);
    if (rc != OSI_OK)
        return report(rc, err, "cannot list stores");
    json_t *rows = drain(iter, "cannot list stores");
    /* Glance leaves "default" out of the stores that are not the default. */
    size_t i;
    json_t *store;
    json_array_foreach(rows, i, store) {
        json_t *mark = json_object_get(store, "default");
        int is_default = json_is_true(mark) || (json_is_string(mark) && strcmp(json_string_value(mark), "true") == 0);
        json_object_set_new(store, "is_default", json_boolean(is_default));
    }
    emit_list(detail ? detailed : columns, detail ? 5 : 3, rows);
    json_decref(rows);
    return 0;
}

static int cmd_import_info(args *a)
{
    (void)a;
    json_t *info = NULL;
    osi_error *err = NULL;
    osi_status rc = osi_get_import_info(conn(), &info, &err);
    if (rc != OSI_OK)
        return report(rc, err, "cannot get the import info");
    /* {"import-methods": {"value": [...]}} shows as import-methods: a, b. */
    json_t *flat = json_object();
    const char *key;
    json_t *value;
    json_object_foreach(info, key, value) {
        json_t *inner = json_object_get(value, "value");
        json_object_set(flat, key, inner ? inner : value);
    }
    show_sorted(flat);
    json_decref(flat);
    json_decref(info);
    return 0;
}

/* ---- The command table ---- */

#define IMAGE_ATTRS "--disk-format=", "--container-format=", "--min-disk=", "--min-ram=", \
    "--protected", "--unprotected", "--public", "--private", "--shared", "--community", \
    "--property=", "--tag=", "--architecture=", "--os-distro=", "--os-version=", "--kernel-id=", \
    "--ramdisk-id=", "--instance-id=", "--hidden", "--unhidden", "--project="

typedef struct {
    const char *words;       /* "member list" */
    int (*run)(args *);
    int min_pos, max_pos;     /* positional arguments */
    const char *const *opts;  /* "--name=" takes a value; "--long" does not */
    const char *synopsis;
    const char *help;
} command;

static const char *const list_opts[] = {"--public", "--private", "--shared", "--community", "--name=",
    "--status=", "--member-status=", "--project=", "--tag=", "--property=", "--hidden", "--sort=",
    "--limit=", "--marker=", "--long", NULL};
static const char *const no_opts[] = {NULL};
static const char *const create_opts[] = {IMAGE_ATTRS, "--file=", "--decompress", "--import", "--import-method=", "--uri=",
    "--store=", "--wait", "--timeout=", "--progress", NULL};
static const char *const save_opts[] = {"--file=", "--progress", "--offset=", "--length=", "--no-verify",
    "--require-hash", "--resume", "--connections=", NULL};
static const char *const set_opts[] = {IMAGE_ATTRS, "--name=", "--deactivate", "--activate", "--accept",
    "--reject", "--pending", NULL};
static const char *const unset_opts[] = {"--tag=", "--property=", NULL};
static const char *const delete_opts[] = {"--store=", NULL};
static const char *const member_list_opts[] = {"--status=", NULL};
static const char *const member_set_opts[] = {"--accept", "--reject", "--pending", "--status=", NULL};
static const char *const import_opts[] = {"--method=", "--import-method=", "--uri=", "--remote-image=",
    "--remote-region=", "--remote-service-interface=", "--store=", "--all-stores", "--allow-failure",
    "--disallow-failure", "--wait", "--timeout=", NULL};
static const char *const stage_opts[] = {"--file=", "--decompress", "--progress", NULL};
static const char *const task_list_opts[] = {"--type=", "--status=", "--sort-key=", "--sort-dir=",
    "--limit=", "--marker=", NULL};
static const char *const stores_opts[] = {"--detail", NULL};
static const char *const copy_opts[] = {"--to-cloud=", "--to-region=", "--to-os-*=", "--name=", "--disk-format=",
    "--container-format=", "--min-disk=", "--min-ram=", "--property=", "--tag=", "--public", "--private", "--shared",
    "--community", "--hidden", "--unhidden", "--method=", "--timeout=", "--progress", NULL};

static const command commands[] = {
    {"list", cmd_list, 0, 0, list_opts,
     "list [--public|--private|--shared|--community] [--name NAME] [--status S] [--member-status S]\n"
     "       [--project ID] [--tag TAG]... [--property K=V]... [--hidden] [--sort KEY[:DIR],...]\n"
     "       [--limit N] [--marker ID] [--long]",
     "List images (columns ID, Name, Status; --long adds formats, size, checksum, visibility...)."},
    {"show", cmd_show, 1, 1, no_opts, "show IMAGE", "Show an image (by name or ID)."},
    {"create", cmd_create, 1, 1, create_opts,
     "create NAME [--file FILE|-] [--decompress] [--disk-format F] [--container-format F]\n"
     "       [--min-disk GB] [--min-ram MB] [--property K=V]... [--tag TAG]...\n"
     "       [--public|--private|--shared|--community] [--protected|--unprotected] [--hidden]\n"
     "       [--project ID] [--progress] [--wait] [--timeout S]\n"
     "       [--import [--import-method M] [--uri URL] [--store STORE]...]",
     "Create an image, with data from FILE or standard input (-), or imported."},
    {"save", cmd_save, 1, 1, save_opts,
     "save IMAGE [--file FILE|-] [--progress] [--offset N] [--length N] [--no-verify] [--require-hash]\n"
     "       [--resume] [--connections N]",
     "Download an image's data, verified while it streams (to standard output without --file)."},
    {"copy", cmd_copy, 1, 1, copy_opts,
     "copy IMAGE --to-cloud NAME [--to-region R] | --to-region R | --to-os-KEY VALUE...\n"
     "       [--name NAME] [--property K=V]... [--tag TAG]... [--public|--private|--shared|--community]\n"
     "       [--disk-format F] [--container-format F] [--min-disk GB] [--min-ram MB] [--hidden]\n"
     "       [--method stream|glance-download|auto] [--timeout S] [--progress]",
     "Copy an image into another cloud or region, verified, without a local file."},
    {"set", cmd_set, 1, 1, set_opts,
     "set IMAGE [--name NAME] [--property K=V]... [--tag TAG]... [--public|--private|--shared|--community]\n"
     "       [--protected|--unprotected] [--min-disk GB] [--min-ram MB] [--disk-format F] ...\n"
     "       [--deactivate|--activate] [--accept|--reject|--pending [--project ID]]",
     "Change an image: attributes, properties, tags, visibility, protection, member status."},
    {"unset", cmd_unset, 1, 1, unset_opts, "unset IMAGE [--tag TAG]... [--property KEY]...",
     "Remove tags or properties from an image."},
    {"delete", cmd_delete, 1, MAX_ARGS, delete_opts, "delete IMAGE... [--store STORE]",
     "Delete images (or their data in one store)."},
    {"add project", cmd_add_project, 2, 2, no_opts, "add project IMAGE PROJECT",
     "Share an image with a project."},
    {"remove project", cmd_remove_project, 2, 2, no_opts, "remove project IMAGE PROJECT",
     "Stop sharing an image with a project."},
    {"member list", cmd_member_list, 1, 1, member_list_opts, "member list IMAGE [--status S]",
     "List the projects an image is shared with."},
    {"member show", cmd_member_show, 2, 2, no_opts, "member show IMAGE PROJECT", "Show one member."},
    {"member set", cmd_member_set, 2, 2, member_set_opts,
     "member set IMAGE PROJECT --accept|--reject|--pending|--status S",
     "Set a member's status (as that member project)."},
    {"import info", cmd_import_info, 0, 0, no_opts, "import info", "Same as import-info."},
    {"import-info", cmd_import_info, 0, 0, no_opts, "import-info", "Show the import methods of the cloud."},
    {"import", cmd_import, 1, 1, import_opts,
     "import IMAGE [--method M] [--uri URL] [--store STORE]... [--all-stores] [--allow-failure|\n"
     "       --disallow-failure] [--remote-image ID --remote-region R] [--wait] [--timeout S]",
     "Start an import into an image (glance-direct after stage, web-download, copy-image...)."},
    {"stage", cmd_stage, 1, 1, stage_opts, "stage IMAGE --file FILE|- [--decompress] [--progress]",
     "Stage data for a later glance-direct import."},
    {"task list", cmd_task_list, 0, 0, task_list_opts,
     "task list [--type T] [--status S] [--sort-key K] [--sort-dir D] [--limit N] [--marker ID]",
     "List tasks (admin)."},
    {"task show", cmd_task_show, 1, 1, no_opts, "task show TASK", "Show a task."},
    {"stores list", cmd_stores, 0, 0, stores_opts, "stores list [--detail]", "Same as stores."},
    {"stores", cmd_stores, 0, 0, stores_opts, "stores [--detail]", "List the stores of the cloud."},
    {NULL, NULL, 0, 0, NULL, NULL, NULL},
};

static void help(FILE *out)
{
    fprintf(out,
            "usage: %s [GLOBAL OPTIONS] COMMAND [ARGUMENTS]   (also: %s image COMMAND ...)\n\n"
            "The OpenStack Image service (Glance v2) from the shell, like `openstack image`.\n\n"
            "Commands:\n", g_prog, g_prog);
    for (const command *c = commands; c->words; c++)
        fprintf(out, "  %-16s %s\n", c->words, c->help);
    fprintf(out,
            "\nGlobal options (anywhere on the line):\n"
            "  -f, --format F     table (default), json, value, yaml; csv for lists, shell for one item\n"
            "  -c, --column C     only this column or field (repeat for several)\n"
            "  --os-cloud NAME    a clouds.yaml entry (default: $OS_CLOUD)\n"
            "  --os-KEY VALUE     sets OS_KEY for this run: --os-auth-url, --os-username, --os-password,\n"
            "                     --os-project-name, --os-region-name, --os-interface, --os-token, ...\n"
            "  --insecure         do not verify TLS certificates (OS_INSECURE=true)\n"
            "  --debug            print the request log on standard error\n"
            "  --version          print the versions of the command and library\n"
            "  -h, --help         this help; `%s help COMMAND` or `%s COMMAND --help` for one command\n"
            "\nExit status: 0 on success; the osi_status of the failing call: 1 invalid argument,\n"
            "2 not found, 3 conflict, 4 auth, 5 forbidden, 6 ambiguous, 7 other HTTP error,\n"
            "8 transport, 9 timeout, 10 checksum, 11 aborted, 12 task failed, 13 unsupported,\n"
            "14 no memory, 15 config, 16 I/O, 17 internal; 64 for a usage error. See osimage(1).\n",
            g_prog, g_prog);
}

static void command_help(const command *c)
{
    printf("usage: %s %s\n\n%s\n", g_prog, c->synopsis, c->help);
}

/* The command whose words start argv[*index] (moves *index past them), or NULL. */
static const command *lookup(int argc, char **argv, int *index)
{
    for (const command *c = commands; c->words; c++) {
        int i = *index;
        const char *w = c->words;
        while (*w && i < argc) {
            size_t len = strcspn(w, " ");
            if (strlen(argv[i]) != len || strncmp(argv[i], w, len) != 0)
                break;
            w += len;
            i++;
            while (*w == ' ')
                w++;
        }
        if (*w == '\0') {
            *index = i;
            return c;
        }
    }
    return NULL;
}

/* Does name (without "=value") match an entry of table? Sets *takes_value. */
static int known(const char *const *table, const char *name, size_t len, int *takes_value)
{
    for (int i = 0; table && table[i]; i++) {
        size_t n = strcspn(table[i], "=");
        /* "--to-os-*=": any name with that prefix (and something after it) */
        if (n > 0 && table[i][n - 1] == '*' && len > n - 1 && strncmp(table[i], name, n - 1) == 0) {
            *takes_value = table[i][n] == '=';
            return 1;
        }
        if (n == len && strncmp(table[i], name, len) == 0) {
            *takes_value = table[i][n] == '=';
            return 1;
        }
    }
    return 0;
}

static const char *const global_opts[] = {"--format=", "--column=", "--debug", "--insecure", "--help",
    "--version", "--noindent", NULL};

/* Applies a global option (or an --os-* one); returns 0 when name is none of them. */
static int global(const char *name, size_t len, const char *value)
{
    if (len == 8 && strncmp(name, "--format", 8) == 0) {
        g_format = value;
    } else if (len == 8 && strncmp(name, "--column", 8) == 0) {
        if (g_ncolumns < MAX_ARGS)
            g_columns[g_ncolumns++] = value;
    } else if (len == 7 && strncmp(name, "--debug", 7) == 0) {
        g_debug = 1;
    } else if (len == 10 && strncmp(name, "--insecure", 10) == 0) {
        setenv("OS_INSECURE", "true", 1);
    } else if (len == 10 && strncmp(name, "--noindent", 10) == 0) {
        /* accepted for openstackclient's sake */
    } else if (len > 5 && strncmp(name, "--os-", 5) == 0) {
        set_os_variable(name + 5, len - 5, value);
    } else {
        return 0;
    }
    return 1;
}

int main(int argc, char **argv)
{
    args a;
    memset(&a, 0, sizeof a);
    const command *cmd = NULL;
    int want_help = 0;
    int i = 1;
    while (i < argc) {
        char *arg = argv[i];
        if (strcmp(arg, "--") == 0) {
            for (i++; i < argc; i++)
                if (a.npos < MAX_ARGS)
                    a.pos[a.npos++] = argv[i];
            break;
        }
        if (arg[0] != '-' || strcmp(arg, "-") == 0) {
            if (!cmd) {
                if (strcmp(arg, "help") == 0) {
                    want_help = 1;
                    i++;
                    continue;
                }
                if (strcmp(arg, "image") == 0) {
                    i++;
                    continue;
                }
                cmd = lookup(argc, argv, &i);
                if (!cmd)
                    usage_error("unknown command '%s'", arg);
                continue;
            }
            if (a.npos >= MAX_ARGS)
                usage_error("too many arguments");
            a.pos[a.npos++] = arg;
            i++;
            continue;
        }
        /* An option: -f X, -c X, -h, --name X, --name=X. */
        char longname[64];
        const char *name = arg;
        if (strcmp(arg, "-f") == 0)
            name = "--format";
        else if (strcmp(arg, "-c") == 0)
            name = "--column";
        else if (strcmp(arg, "-h") == 0)
            name = "--help";
        else if (arg[1] != '-')
            usage_error("unknown option '%s'", arg);
        const char *eq = strchr(name, '=');
        size_t len = eq ? (size_t)(eq - name) : strlen(name);
        if (len >= sizeof longname)
            usage_error("unknown option '%s'", arg);
        int takes_value = 0;
        int own = cmd && known(cmd->opts, name, len, &takes_value);
        int is_global = !own && (known(global_opts, name, len, &takes_value) ||
                                 (len > 5 && strncmp(name, "--os-", 5) == 0 && (takes_value = 1)));
        if (!own && !is_global)
            usage_error("unknown option '%s'%s%s", arg, cmd ? " for " : "", cmd ? cmd->words : "");
        const char *value = NULL;
        if (takes_value) {
            if (eq)
                value = eq + 1;
            else if (i + 1 < argc)
                value = argv[++i];
            else
                usage_error("option %s needs a value", arg);
        } else if (eq) {
            usage_error("option %.*s takes no value", (int)len, name);
        }
        i++;
        if (is_global) {
            if (len == 6 && strncmp(name, "--help", 6) == 0)
                want_help = 1;
            else if (len == 9 && strncmp(name, "--version", 9) == 0) {
                printf("osimage %s (libosimage %s)\n", OSI_VERSION_STRING, osi_version());
                return 0;
            } else
                global(name, len, value);
            continue;
        }
        memcpy(longname, name, len);
        longname[len] = '\0';
        if (a.nopts >= MAX_ARGS)
            usage_error("too many options");
        static char names[MAX_ARGS][64];
        memcpy(names[a.nopts], longname, len + 1);
        a.opts[a.nopts].name = names[a.nopts];
        a.opts[a.nopts].value = value;
        a.nopts++;
    }
    if (want_help || !cmd) {
        if (cmd)
            command_help(cmd);
        else if (want_help)
            help(stdout);
        else {
            help(stderr);
            return EXIT_USAGE;
        }
        return 0;
    }
    if (a.npos < cmd->min_pos || a.npos > cmd->max_pos)
        usage_error("usage: %s %s", g_prog, cmd->synopsis);
    if (g_format && strcmp(g_format, "table") != 0 && strcmp(g_format, "json") != 0 &&
        strcmp(g_format, "value") != 0 && strcmp(g_format, "yaml") != 0 &&
        strcmp(g_format, "csv") != 0 && strcmp(g_format, "shell") != 0)
        usage_error("unknown format '%s'", g_format);
    int status = cmd->run(&a);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "%s: cannot write the output: %s\n", g_prog, strerror(errno));
        status = status ? status : OSI_IO;
    }
    osi_conn_free(g_conn);
    return status;
}
