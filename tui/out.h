/*
 * out: printing for the command line.  Stored text is escaped before it
 * reaches a terminal (out_text), and JSON is written with every string
 * properly quoted (out_json_*).
 */
#ifndef FRONTDESK_OUT_H
#define FRONTDESK_OUT_H

#include <stdio.h>
#include <time.h>

#include "data/db.h"

/* Print stored text with control characters escaped; NULL prints "". */
void out_text(FILE *f, const char *s);
/* Print at most width display columns of s (escaped), padded with spaces. */
void out_cell(FILE *f, const char *s, int width);

/* Minimal streaming JSON writer. */
struct json {
	FILE *f;
	int depth;
	int first[32];
};
void json_begin_array(struct json *j);
void json_end_array(struct json *j);
void json_begin_object(struct json *j);
void json_end_object(struct json *j);
void json_key(struct json *j, const char *key);
void json_str(struct json *j, const char *key, const char *v);   /* NULL -> null */
void json_int(struct json *j, const char *key, long long v);
void json_id_or_null(struct json *j, const char *key, long long v); /* 0 -> null */
void json_bool(struct json *j, const char *key, int v);
void json_time(struct json *j, const char *key, time_t t);        /* ISO 8601; 0 -> null */
void json_null(struct json *j, const char *key);
/* Begin a nested array value under key (key NULL inside arrays). */
void json_begin_array_key(struct json *j, const char *key);
void json_elem_str(struct json *j, const char *v);
/* One call as an object: id, at, number, (typed,) for, outcome, subject,
 * message, urgent, complaint, taken_by, callback. */
void json_call(struct json *j, const struct call *k, int with_typed);
/* One attempt as an object: at, by, result, note. */
void json_attempt(struct json *j, const struct attempt *a);

#endif
