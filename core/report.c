/* report: figures, the missed-call log and exports for supervisors */
#include "core/report.h"
#include "core/csv.h"
#include "core/phone.h"
#include "core/util.h"
#include "core/i18n.h"
#include "core/when.h"

#include <ctype.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- local time, fast ----
 * localtime_r per row is too slow for a year of callbacks, so the UTC
 * offset is cached per hour (zones change offset on the hour). */
struct lt_cache {
	long long key[512];
	long off[512];
};

static void lt_init(struct lt_cache *c)
{
	for (size_t i = 0; i < 512; i++)
		c->key[i] = LLONG_MIN;
}

static long long floordiv(long long a, long long b)
{
	long long q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static long utc_offset(time_t t)
{
	struct tm tm;
	if (!localtime_r(&t, &tm))
		return 0;
	return tm.tm_gmtoff;
}

static long lt_offset(struct lt_cache *c, time_t t)
{
	if (!c)
		return utc_offset(t);
	long long hour = floordiv((long long)t, 3600);
	size_t i = (size_t)(hour & 511);
	if (c->key[i] != hour) {
		c->key[i] = hour;
		c->off[i] = utc_offset(t);
	}
	return c->off[i];
}

/* Local day number (days since 1970-01-01 local) and second of the day. */
static void lt_split(struct lt_cache *c, time_t t, long long *day, long *sod)
{
	long long l = (long long)t + lt_offset(c, t);
	*day = floordiv(l, 86400);
	*sod = (long)(l - *day * 86400);
}

/* 0 Sunday .. 6 Saturday; 1970-01-01 was a Thursday. */
static int day_wday(long long day)
{
	return (int)(((day % 7) + 7 + 4) % 7);
}

/* ---- business hours ---- */

void report_hours_default(struct report_hours *h)
{
	h->open_min = 8 * 60;
	h->close_min = 18 * 60;
	h->days = 0x3e; /* Monday..Friday */
}

static int parse_hhmm(const char **p, int *min)
{
	const char *s = *p;
	int h = 0, m = 0, d = 0;
	while (isdigit((unsigned char)*s) && d < 2)
		h = h * 10 + (*s++ - '0'), d++;
	if (!d)
		return -1;
	if (*s == ':') {
		s++;
		if (!isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[1]))
			return -1;
		m = (s[0] - '0') * 10 + (s[1] - '0');
		s += 2;
	}
	if (h > 24 || m > 59 || (h == 24 && m))
		return -1;
	*min = h * 60 + m;
	*p = s;
	return 0;
}

static const char *const day_names[7][3] = {
	{"sun", "so", "7"}, {"mon", "mo", "1"}, {"tue", "di", "2"}, {"wed", "mi", "3"},
	{"thu", "do", "4"}, {"fri", "fr", "5"}, {"sat", "sa", "6"},
};
static const char *const day_short[7] = {N_("Sun"), N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat")};

/* A day name at *p ("mon", "monday", "mo", "1"): 0..6 (Sunday 0) or -1. */
static int parse_day(const char **p)
{
	const char *s = *p;
	size_t n = 0;
	while (isalnum((unsigned char)s[n]))
		n++;
	if (!n)
		return -1;
	for (int d = 0; d < 7; d++)
		for (int k = 0; k < 3; k++) {
			size_t l = strlen(day_names[d][k]);
			if (n >= l && strncasecmp(s, day_names[d][k], l) == 0 &&
			    (n == l || (k == 0 && n > 3 && isalpha((unsigned char)s[3])))) {
				*p = s + n;
				return d;
			}
		}
	return -1;
}

int report_hours_parse(const char *hours, const char *days, struct report_hours *h,
                       const char **why)
{
	struct report_hours r = *h;
	if (hours) {
		const char *p = hours;
		while (*p == ' ')
			p++;
		if (parse_hhmm(&p, &r.open_min) != 0 || (*p != '-' && *p != ' ') ||
		    (p++, parse_hhmm(&p, &r.close_min) != 0) || *p || r.open_min >= r.close_min) {
			if (why)
				*why = _("business hours look like 08:00-18:00");
			return -1;
		}
	}
	if (days) {
		const char *p = days;
		r.days = 0;
		for (;;) {
			while (*p == ' ' || *p == ',')
				p++;
			if (!*p)
				break;
			int a = parse_day(&p), b = a;
			while (*p == ' ')
				p++;
			if (a >= 0 && *p == '-') {
				p++;
				while (*p == ' ')
					p++;
				b = parse_day(&p);
			}
			if (a < 0 || b < 0) {
				if (why)
					*why = _("business days look like mon-fri or mon,tue,thu");
				return -1;
			}
			/* ISO order: Monday first, Sunday last */
			int ia = a == 0 ? 7 : a, ib = b == 0 ? 7 : b;
			if (ib < ia) {
				if (why)
					*why = _("business days: a range runs forward, like mon-fri");
				return -1;
			}
			for (int i = ia; i <= ib; i++)
				r.days |= 1u << (i % 7);
		}
		if (!r.days) {
			if (why)
				*why = _("give at least one business day, like mon-fri");
			return -1;
		}
	}
	*h = r;
	return 0;
}

void report_hours_format(const struct report_hours *h, char *buf, size_t n)
{
	struct sbuf b = SBUF_INIT;
	/* runs in ISO order: Mon-Fri, Sat */
	for (int i = 1; i <= 7;) {
		if (!(h->days >> (i % 7) & 1)) {
			i++;
			continue;
		}
		int j = i;
		while (j + 1 <= 7 && (h->days >> ((j + 1) % 7) & 1))
			j++;
		if (b.len)
			sbuf_addc(&b, ',');
		sbuf_adds(&b, day_short[i % 7]);
		if (j > i)
			sbuf_addf(&b, "-%s", day_short[j % 7]);
		i = j + 1;
	}
	sbuf_addf(&b, " %02d:%02d-%02d:%02d", h->open_min / 60, h->open_min % 60, h->close_min / 60,
	          h->close_min % 60);
	snprintf(buf, n, "%s", sbuf_str(&b));
	sbuf_reset(&b);
}

static long day_overlap(const struct report_hours *h, long long day, long a, long b)
{
	if (!(h->days >> day_wday(day) & 1))
		return 0;
	long o = h->open_min * 60L, c = h->close_min * 60L;
	long lo = a > o ? a : o, hi = b < c ? b : c;
	return hi > lo ? hi - lo : 0;
}

/* Business days in [d1, d2). */
static long long business_days(const struct report_hours *h, long long d1, long long d2)
{
	if (d2 <= d1)
		return 0;
	long long n = d2 - d1, full = n / 7, count = full * __builtin_popcount(h->days & 0x7f);
	for (long long d = d1 + full * 7; d < d2; d++)
		count += h->days >> day_wday(d) & 1;
	return count;
}

/* Business seconds from local day df, second sf, to "to". */
static long elapsed_split(const struct report_hours *h, struct lt_cache *c, long long df,
                          long sf, time_t to)
{
	long long dt;
	long st;
	lt_split(c, to, &dt, &st);
	if (dt < df || (dt == df && st <= sf))
		return 0; /* the clocks went back in between */
	if (df == dt)
		return day_overlap(h, df, sf, st);
	long long s = day_overlap(h, df, sf, 86400) + day_overlap(h, dt, 0, st) +
	              business_days(h, df + 1, dt) * (h->close_min - h->open_min) * 60LL;
	return s > LONG_MAX ? LONG_MAX : (long)s;
}

static long elapsed_cached(const struct report_hours *h, struct lt_cache *c, time_t from,
                           time_t to)
{
	long long df;
	long sf;
	if (to <= from)
		return 0;
	lt_split(c, from, &df, &sf);
	return elapsed_split(h, c, df, sf, to);
}

long report_elapsed(const struct report_hours *h, time_t from, time_t to)
{
	return elapsed_cached(h, NULL, from, to);
}

static int in_hours_cached(const struct report_hours *h, struct lt_cache *c, time_t t)
{
	long long day;
	long sod;
	lt_split(c, t, &day, &sod);
	return (h->days >> day_wday(day) & 1) && sod >= h->open_min * 60L && sod < h->close_min * 60L;
}

int report_in_hours(const struct report_hours *h, time_t t)
{
	return in_hours_cached(h, NULL, t);
}

/* ---- percentiles ---- */

static int cmp_dur(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;
	if (x == y)
		return 0;
	if (x == REPORT_NEVER)
		return 1;
	if (y == REPORT_NEVER)
		return -1;
	return x < y ? -1 : 1;
}

void report_sort_durations(long *v, size_t n)
{
	if (n > 1)
		qsort(v, n, sizeof *v, cmp_dur);
}

static size_t rank_of(size_t n, int p)
{
	size_t rank = ((size_t)p * n + 99) / 100;
	return rank < 1 ? 0 : rank - 1;
}

long report_percentile(const long *sorted, size_t n, int p)
{
	if (!n || p < 1 || p > 100)
		return REPORT_NEVER;
	/* nearest rank: the smallest value with at least p % at or below it */
	size_t rank = ((size_t)p * n + 99) / 100;
	if (rank < 1)
		rank = 1;
	return sorted[rank - 1];
}

/* ---- configuration ---- */

static char *meta(struct fd *fd, const char *key)
{
	char *v = NULL;
	if (fd_setting_get(fd, key, &v) != 1) {
		free(v);
		return NULL;
	}
	return v;
}

/* "1h", "90m", "3600", "1d": seconds, or -1. */
static long parse_secs(const char *s, const char **end)
{
	char *e;
	long v = strtol(s, &e, 10);
	if (e == s || v <= 0)
		return -1;
	switch (*e) {
	case 'd': v *= 86400; e++; break;
	case 'h': v *= 3600; e++; break;
	case 'm': v *= 60; e++; break;
	case 's': e++; break;
	default: break;
	}
	*end = e;
	return v;
}

int report_config_load(struct fd *fd, struct report_config *cfg, struct fd_err *err)
{
	const char *why = NULL;
	char *hours = meta(fd, "report_hours"), *days = meta(fd, "report_days");
	char *clock = meta(fd, "report_clock"), *thr = meta(fd, "report_thresholds");
	char *pp = meta(fd, "report_per_person");
	int ret = -1;

	memset(cfg, 0, sizeof *cfg);
	report_hours_default(&cfg->hours);
	cfg->thresholds[0] = 3600;
	cfg->thresholds[1] = 4 * 3600;
	cfg->thresholds[2] = 24 * 3600;
	cfg->n_thresholds = 3;
	if (report_hours_parse(hours, days, &cfg->hours, &why) != 0) {
		fd_errf(err, 1, _("setting report_hours/report_days: %s"), why);
		goto out;
	}
	if (clock && strcmp(clock, "wall") != 0 && strcmp(clock, "business") != 0) {
		fd_errf(err, 1, _("setting report_clock is \"%.20s\"; use business or wall"), clock);
		goto out;
	}
	cfg->wall_clock = clock && strcmp(clock, "wall") == 0;
	if (thr) {
		const char *p = thr;
		cfg->n_thresholds = 0;
		while (*p) {
			const char *e;
			long v = parse_secs(p, &e);
			if (v < 0 || cfg->n_thresholds == REPORT_MAX_THRESHOLDS ||
			    (cfg->n_thresholds && v <= cfg->thresholds[cfg->n_thresholds - 1]) ||
			    (*e && *e != ',')) {
				fd_errf(err, 1, _("setting report_thresholds is \"%.40s\"; use up to %d rising "
				        "times like 1h,4h,24h"), thr, REPORT_MAX_THRESHOLDS);
				goto out;
			}
			cfg->thresholds[cfg->n_thresholds++] = v;
			p = *e ? e + 1 : e;
		}
	}
	cfg->per_person = pp && strcmp(pp, "1") == 0;
	ret = 0;
out:
	free(hours); free(days); free(clock); free(thr); free(pp);
	return ret;
}

int report_period_parse(const char *since, const char *until, time_t now,
                        struct report_period *p, struct fd_err *err)
{
	const char *why;
	p->until = now + 1; /* "until now" includes what happened this second */
	p->since = when_day_start(now - 30 * 86400);
	if (since && *since && when_parse(since, now, &p->since, &why) != 0) {
		fd_errf(err, 2, _("--since: %s"), why);
		return -1;
	}
	if (until && *until && when_parse(until, now, &p->until, &why) != 0) {
		fd_errf(err, 2, _("--until: %s"), why);
		return -1;
	}
	if (p->since >= p->until) {
		fd_errf(err, 2, _("the period is empty: --since must come before --until"));
		return -1;
	}
	return 0;
}

int report_by_parse(const char *s, enum report_by *out)
{
	static const char *const names[] = {"", "department", "hour", "weekday", "person"};
	for (int i = 1; i < 5; i++)
		if (s && strcmp(s, names[i]) == 0) {
			*out = (enum report_by)i;
			return 0;
		}
	return -1;
}

/* ---- figures ---- */

/* Durations kept for the percentiles: 32 bits (136 years of seconds; longer
 * is kept as the longest), REPORT_NEVER as the largest value, so plain
 * unsigned order is the order of report_sort_durations.  4 bytes instead of
 * 8 a callback: a year of them is touched memory worth saving. */
typedef uint32_t dur32;
#define DUR_NEVER UINT32_MAX

static dur32 dur_pack(long v)
{
	if (v == REPORT_NEVER)
		return DUR_NEVER;
	if (v <= 0)
		return 0;
	return (unsigned long)v >= DUR_NEVER ? DUR_NEVER - 1 : (dur32)v;
}

static long dur_unpack(dur32 v)
{
	return v == DUR_NEVER ? REPORT_NEVER : (long)v;
}

/* The k-th smallest (0-based) of v, partially reordering v so that what
 * follows v[k] is not smaller. */
static dur32 select32(dur32 *v, size_t n, size_t k)
{
	size_t lo = 0, hi = n - 1;
	while (lo < hi) {
		dur32 pivot = v[lo + (hi - lo) / 2];
		size_t i = lo, j = hi;
		while (i <= j) {
			while (v[i] < pivot)
				i++;
			while (v[j] > pivot)
				j--;
			if (i <= j) {
				dur32 t = v[i];
				v[i] = v[j];
				v[j] = t;
				i++;
				if (j == 0)
					break;
				j--;
			}
		}
		if (k <= j)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			break;
	}
	return v[k];
}

/* Nearest-rank median and 90th percentile of v (reordered); either may be
 * NULL. */
static void median_p90(dur32 *v, size_t n, long *median, long *p90)
{
	if (!n) {
		if (median)
			*median = REPORT_NEVER;
		if (p90)
			*p90 = REPORT_NEVER;
		return;
	}
	size_t k50 = rank_of(n, 50), k90 = rank_of(n, 90);
	dur32 m = select32(v, n, k50);
	if (median)
		*median = dur_unpack(m);
	/* the 90th is at or after the median: search only there */
	if (p90)
		*p90 = dur_unpack(k90 == k50 ? m : select32(v + k50, n - k50, k90 - k50));
}

struct staff_map {
	long long id;
	int dept;                  /* index into the department groups */
};

struct slow_map;

/* Calls and callbacks are counted into the figures as they stream; the
 * durations are kept one a callback, in stream order, with the callback's
 * week and group, and sorted out by week and group at the end. */
struct compute {
	struct report *r;
	long long min_cb, max_cb;  /* callback ids seen on the period's calls */
	size_t cb_calls;           /* calls with a callback: bounds the callbacks */
	struct lt_cache lt;
	struct staff_map *staff;   /* sorted by id */
	size_t n_staff;
	int *staff_group;          /* staff id -> group, when ids are small */
	long long staff_ids;       /* its length */
	int none_group;            /* department/person group for "nobody" */
	long long week0;
	time_t now;
	/* by department: callback id -> 1 + the group of its first call,
	 * over ids [cb_base, cb_base + cb_cap) */
	int *cb_group;
	long long cb_base;
	size_t cb_cap;
	/* calls in one second, for the tie: the lower call id is the first */
	time_t run_at;
	int run_any;
	struct { long long cb, call; } run[64];
	size_t n_run;
	int unordered;             /* by department: the array above does not fit */
	struct slow_map *slow;     /* ... then this */
	/* restricted to a scope: callbacks carry their opening call's wanted
	 * person, so by department needs none of the above */
	int scoped;
	long long person_id;       /* the scope's person, 0: anyone */
	/* the callbacks' durations */
	dur32 *first, *reached;
	unsigned short *week;      /* n_weeks: none */
	int *group;
	size_t n, cap;
};

static int staff_cmp(const void *a, const void *b)
{
	long long x = ((const struct staff_map *)a)->id, y = ((const struct staff_map *)b)->id;
	return x < y ? -1 : x > y;
}

/* The department or person group of a staff id, none_group for nobody. */
static int staff_group(const struct compute *c, long long id)
{
	if (c->staff_group)
		return id >= 0 && id < c->staff_ids ? c->staff_group[id] : c->none_group;
	size_t lo = 0, hi = c->n_staff;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (c->staff[mid].id == id)
			return c->staff[mid].dept;
		if (c->staff[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return c->none_group;
}

static long long week_of_day(long long day)
{
	return floordiv(day + 3, 7); /* Monday-based */
}

/* The group of a row (-1: none): person_id picks the person group. */
static int group_of(const struct compute *c, long long wanted_id, long long person_id,
                    int wday, long sod)
{
	switch (c->r->by) {
	case REPORT_BY_DEPARTMENT:
		return staff_group(c, wanted_id);
	case REPORT_BY_PERSON:
		return staff_group(c, person_id);
	case REPORT_BY_HOUR:
		return (int)(sod / 3600);
	case REPORT_BY_WEEKDAY:
		return (wday + 6) % 7;
	default:
		return -1;
	}
}

/* By department: remember the group of a callback's first call. */
static void first_call_group(struct compute *c, const struct db_report_unreached *k, int g)
{
	long long id = k->callback_id;
	if (c->run_any && k->at < c->run_at) {
		c->unordered = 1; /* not in time order after all */
		return;
	}
	if (!c->cb_cap || id < c->cb_base || (unsigned long long)(id - c->cb_base) >= c->cb_cap) {
		/* grow the array over the ids, either way */
		long long lo = !c->cb_cap ? id - 64 : id < c->cb_base ? id : c->cb_base;
		long long hi = !c->cb_cap ? id : id < c->cb_base ? c->cb_base + (long long)c->cb_cap - 1 : id;
		unsigned long long span = (unsigned long long)hi - (unsigned long long)lo + 1;
		if (span > 4 * (unsigned long long)c->cb_calls + (1u << 20)) {
			c->unordered = 1; /* ids too far apart for an array */
			return;
		}
		size_t cap = (size_t)span < 2 * c->cb_cap ? 2 * c->cb_cap : (size_t)span;
		if (cap < 4096)
			cap = 4096;
		long long base = c->cb_cap && id < c->cb_base ? hi - (long long)cap + 1 : lo;
		int *v = xcalloc(cap, sizeof *v);
		if (c->cb_cap)
			memcpy(v + (c->cb_base - base), c->cb_group, c->cb_cap * sizeof *v);
		free(c->cb_group);
		c->cb_group = v;
		c->cb_cap = cap;
		c->cb_base = base;
	}
	int *slot = &c->cb_group[id - c->cb_base];
	if (!c->run_any || k->at != c->run_at) {
		c->run_at = k->at;
		c->run_any = 1;
		c->n_run = 0;
	}
	if (*slot) {
		/* seen: this call is the first only if it came in the same
		 * second with a lower id */
		for (size_t i = 0; i < c->n_run; i++)
			if (c->run[i].cb == id) {
				if (k->id < c->run[i].call) {
					c->run[i].call = k->id;
					*slot = g + 1;
				}
				return;
			}
		return;
	}
	*slot = g + 1;
	if (c->n_run < sizeof c->run / sizeof *c->run) {
		c->run[c->n_run].cb = id;
		c->run[c->n_run].call = k->id;
		c->n_run++;
	} else {
		c->unordered = 1; /* many calls in one second: the slow way */
	}
}

static int on_unreached(void *ctx, const struct db_report_unreached *k)
{
	struct compute *c = ctx;
	struct report *r = c->r;
	const struct report_hours *h = &r->cfg.hours;
	long long day;
	long sod;
	lt_split(&c->lt, k->at, &day, &sod);
	int wday = day_wday(day);
	/* as report_in_hours */
	int after = !((h->days >> wday & 1) && sod >= h->open_min * 60L && sod < h->close_min * 60L);
	r->total.unreached_calls++;
	r->total.after_hours += after;
	int g = group_of(c, k->wanted_id, k->wanted_id, wday, sod);
	if (g >= 0) {
		r->groups[g].unreached_calls++;
		r->groups[g].after_hours += after;
	}
	r->calls_by_hour[sod / 3600]++;
	r->calls_by_weekday[(wday + 6) % 7]++;
	if (k->callback_id) {
		if (!c->min_cb || k->callback_id < c->min_cb)
			c->min_cb = k->callback_id;
		if (k->callback_id > c->max_cb)
			c->max_cb = k->callback_id;
		c->cb_calls++;
		if (r->by == REPORT_BY_DEPARTMENT && !c->unordered && !c->scoped)
			first_call_group(c, k, g);
	}
	long long w = week_of_day(day) - c->week0;
	if (w >= 0 && (unsigned long long)w < r->n_weeks)
		r->weeks[w].unreached_calls++;
	return 0;
}

/* By department when the calls did not fit first_call_group: the group of
 * the first call (by time, then id) of every callback, from the calls in
 * that order. */
struct slow_map {
	struct compute *c;
	long long *key;
	int *val;
	size_t cap;
};

static int on_unreached_slow(void *ctx, const struct db_report_call *k)
{
	struct slow_map *m = ctx;
	if (!k->callback_id)
		return 0;
	size_t i = (size_t)((unsigned long long)k->callback_id * 0x9E3779B97F4A7C15ull >> 20) &
	           (m->cap - 1);
	while (m->key[i]) {
		if (m->key[i] == k->callback_id)
			return 0; /* the first call comes first */
		i = (i + 1) & (m->cap - 1);
	}
	m->key[i] = k->callback_id;
	m->val[i] = staff_group(m->c, k->wanted_id);
	return 0;
}

static int slow_get(const struct slow_map *m, long long key)
{
	size_t i = (size_t)((unsigned long long)key * 0x9E3779B97F4A7C15ull >> 20) & (m->cap - 1);
	while (m->key[i]) {
		if (m->key[i] == key)
			return m->val[i];
		i = (i + 1) & (m->cap - 1);
	}
	return -1;
}

/* Time from "from" (split into its local day df and second sf) to "to" in
 * the report's clock; REPORT_NEVER when to is 0.  elapsed_cached with the
 * start split once for both durations of a callback. */
static long elapsed_from(struct compute *c, time_t from, long long df, long sf, time_t to)
{
	if (!to)
		return REPORT_NEVER;
	if (c->r->cfg.wall_clock)
		return to > from ? (long)(to - from) : 0;
	if (to <= from)
		return 0;
	return elapsed_split(&c->r->cfg.hours, &c->lt, df, sf, to);
}

static void count_callback(struct report_figures *f, const struct report_config *cfg,
                           const struct db_report_callback *b, long reached, int open, int overdue)
{
	f->callbacks++;
	f->attempted += b->first_attempt != 0;
	f->reached += b->reached != 0;
	f->open += open;
	f->overdue += overdue;
	f->repeat_callers += b->calls >= 2;
	if (reached != REPORT_NEVER)
		for (int i = 0; i < cfg->n_thresholds; i++)
			f->within[i] += reached <= cfg->thresholds[i];
}

static void keep_durations(struct compute *c, long first, long reached, long long week, int g)
{
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 1024;
		c->first = xrealloc(c->first, c->cap * sizeof *c->first);
		c->reached = xrealloc(c->reached, c->cap * sizeof *c->reached);
		if (c->r->n_weeks)
			c->week = xrealloc(c->week, c->cap * sizeof *c->week);
		if (c->r->by != REPORT_BY_NONE)
			c->group = xrealloc(c->group, c->cap * sizeof *c->group);
	}
	c->first[c->n] = dur_pack(first);
	c->reached[c->n] = dur_pack(reached);
	if (c->week)
		c->week[c->n] = week >= 0 && (unsigned long long)week < c->r->n_weeks
		                ? (unsigned short)week : (unsigned short)c->r->n_weeks;
	if (c->group)
		c->group[c->n] = g;
	c->n++;
}

static int on_callback(void *ctx, const struct db_report_callback *b)
{
	struct compute *c = ctx;
	struct report *r = c->r;
	long long day;
	long sod;
	lt_split(&c->lt, b->created, &day, &sod);
	long first = elapsed_from(c, b->created, day, sod, b->first_attempt);
	long reached = elapsed_from(c, b->created, day, sod, b->reached);
	int open = b->open;
	int overdue = open && b->due < c->now;
	count_callback(&r->total, &r->cfg, b, reached, open, overdue);
	int g = -1;
	if (r->by == REPORT_BY_DEPARTMENT && c->scoped) {
		g = staff_group(c, b->wanted_id);
	} else if (r->by == REPORT_BY_DEPARTMENT) {
		long long id = b->id;
		if (c->unordered)
			g = slow_get(c->slow, id);
		else if (id >= c->cb_base && (unsigned long long)(id - c->cb_base) < c->cb_cap)
			g = c->cb_group[id - c->cb_base] - 1;
		if (g < 0)
			g = c->none_group;
	} else {
		g = group_of(c, 0, b->assignee_id, day_wday(day), sod);
	}
	if (g >= 0)
		count_callback(&r->groups[g], &r->cfg, b, reached, open, overdue);
	/* the last bucket is "not reached" */
	int i = REPORT_HIST_BUCKETS - 1;
	if (reached != REPORT_NEVER)
		for (i = 0; i < REPORT_HIST_BUCKETS - 1 && reached >= r->hist[i].upto; i++)
			;
	if (i < REPORT_HIST_BUCKETS - 1 || reached == REPORT_NEVER)
		r->hist[i].count++;
	long long w = week_of_day(day) - c->week0;
	if (w >= 0 && (unsigned long long)w < r->n_weeks) {
		r->weeks[w].callbacks++;
		r->weeks[w].reached += b->reached != 0;
	}
	keep_durations(c, first, reached, w, g);
	return 0;
}

/* A scope's rows: the person restriction where the reader did not apply it
 * (a department's rows hold everyone in it). */
static int on_scoped_call(void *ctx, const struct db_report_unreached *k)
{
	struct compute *c = ctx;
	if (c->person_id && k->wanted_id != c->person_id)
		return 0;
	return on_unreached(ctx, k);
}

static int on_scoped_callback(void *ctx, const struct db_report_callback *b)
{
	struct compute *c = ctx;
	if (c->person_id && b->assignee_id != c->person_id)
		return 0;
	return on_callback(ctx, b);
}

/* Scatter the values of v by key (0..nk-1; others are left out) into out:
 * start[k] is where key k begins, start[nk] the end. */
static void scatter(const dur32 *v, size_t n, const void *keys, int short_keys, size_t nk,
                    size_t *start, dur32 *out)
{
	memset(start, 0, (nk + 1) * sizeof *start);
	for (size_t i = 0; i < n; i++) {
		size_t k = short_keys ? ((const unsigned short *)keys)[i] : (size_t)((const int *)keys)[i];
		if (k < nk)
			start[k + 1]++;
	}
	for (size_t k = 0; k < nk; k++)
		start[k + 1] += start[k];
	size_t *next = xmalloc((nk + 1) * sizeof *next);
	memcpy(next, start, (nk + 1) * sizeof *next);
	for (size_t i = 0; i < n; i++) {
		size_t k = short_keys ? ((const unsigned short *)keys)[i] : (size_t)((const int *)keys)[i];
		if (k < nk)
			out[next[k]++] = v[i];
	}
	free(next);
}

/* Percentiles of the groups, weeks and the total from the kept durations. */
static void finish(struct compute *c)
{
	struct report *r = c->r;
	size_t nk = r->n_groups > r->n_weeks ? r->n_groups : r->n_weeks;
	size_t *start = xmalloc((nk + 1) * sizeof *start);
	dur32 *tmp = NULL;
	if (r->n_groups && c->n) {
		tmp = xmalloc(c->n * sizeof *tmp);
		scatter(c->first, c->n, c->group, 0, r->n_groups, start, tmp);
		for (size_t g = 0; g < r->n_groups; g++)
			median_p90(tmp + start[g], start[g + 1] - start[g], &r->groups[g].first_median,
			           &r->groups[g].first_p90);
	}
	/* the first attempts are used up: their room takes the rest */
	median_p90(c->first, c->n, &r->total.first_median, &r->total.first_p90);
	if (r->n_groups) {
		if (c->n)
			scatter(c->reached, c->n, c->group, 0, r->n_groups, start, c->first);
		for (size_t g = 0; g < r->n_groups; g++) {
			struct report_figures *f = &r->groups[g];
			f->never_reached = f->callbacks - f->reached;
			if (c->n)
				median_p90(c->first + start[g], start[g + 1] - start[g], &f->reached_median,
				           &f->reached_p90);
			else
				f->first_median = f->first_p90 = f->reached_median = f->reached_p90 =
					REPORT_NEVER;
		}
	}
	if (r->n_weeks) {
		if (c->n)
			scatter(c->reached, c->n, c->week, 1, r->n_weeks, start, c->first);
		for (size_t w = 0; w < r->n_weeks; w++)
			median_p90(c->n ? c->first + start[w] : NULL, c->n ? start[w + 1] - start[w] : 0,
			           &r->weeks[w].reached_median, NULL);
	}
	median_p90(c->reached, c->n, &r->total.reached_median, &r->total.reached_p90);
	r->total.never_reached = r->total.callbacks - r->total.reached;
	free(tmp);
	free(start);
}

static const struct report_bucket hist_template[REPORT_HIST_BUCKETS] = {
	{N_("< 15 min"), 15 * 60, 0},     {N_("15-30 min"), 30 * 60, 0}, {N_("30-60 min"), 3600, 0},
	{N_("1-2 h"), 2 * 3600, 0},       {N_("2-4 h"), 4 * 3600, 0},    {N_("4-8 h"), 8 * 3600, 0},
	{N_("8-24 h"), 24 * 3600, 0},     {N_("1-3 d"), 3 * 86400, 0},   {N_(">= 3 d"), LONG_MAX, 0},
	{N_("not reached"), REPORT_NEVER, 0},
};

static int dept_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Groups and the staff map; departments sorted, "(none)" last. */
static int setup_groups(struct fd *fd, struct compute *c, struct fd_err *err)
{
	struct report *r = c->r;
	struct staff *list = NULL;
	size_t n = 0;
	/* the staff only matter by department and by person */
	int staff = r->by == REPORT_BY_DEPARTMENT || r->by == REPORT_BY_PERSON;
	if (staff && db_staff_list(fd->db, &list, &n) != 0) {
		fd_errf(err, 1, "%s", db_errmsg(fd->db));
		return -1;
	}
	c->staff = xcalloc(n ? n : 1, sizeof *c->staff);
	c->n_staff = n;
	char **depts = xcalloc(n + 1, sizeof *depts);
	size_t nd = 0;
	for (size_t i = 0; i < n; i++) {
		c->staff[i].id = list[i].id;
		if (list[i].department && *list[i].department)
			depts[nd++] = list[i].department;
	}
	qsort(depts, nd, sizeof *depts, dept_cmp);
	size_t u = 0;
	for (size_t i = 0; i < nd; i++)
		if (!u || strcmp(depts[u - 1], depts[i]) != 0)
			depts[u++] = depts[i];
	nd = u;
	for (size_t i = 0; i < n; i++) {
		c->staff[i].dept = (int)nd;
		if (list[i].department && *list[i].department) {
			char **hit = bsearch(&list[i].department, depts, nd, sizeof *depts, dept_cmp);
			c->staff[i].dept = (int)(hit - depts);
		}
	}
	switch (r->by) {
	case REPORT_BY_DEPARTMENT:
		r->n_groups = nd + 1;
		break;
	case REPORT_BY_PERSON:
		r->n_groups = n + 1;
		break;
	case REPORT_BY_HOUR:
		r->n_groups = 24;
		break;
	case REPORT_BY_WEEKDAY:
		r->n_groups = 7;
		break;
	default:
		r->n_groups = 0;
	}
	r->groups = xcalloc(r->n_groups ? r->n_groups : 1, sizeof *r->groups);
	for (size_t i = 0; i < r->n_groups; i++) {
		char *l = r->groups[i].label;
		size_t ln = sizeof r->groups[i].label;
		if (r->by == REPORT_BY_DEPARTMENT)
			snprintf(l, ln, "%s", i < nd ? depts[i] : N_("(none)"));
		else if (r->by == REPORT_BY_PERSON)
			snprintf(l, ln, "%s", i < n ? list[i].login : N_("(none)"));
		else if (r->by == REPORT_BY_HOUR)
			snprintf(l, ln, "%02zu", i);
		else
			snprintf(l, ln, "%s", day_short[(i + 1) % 7]);
	}
	c->none_group = r->by == REPORT_BY_DEPARTMENT ? (int)nd : (int)n;
	/* by person the group is the place in the staff list (the labels' order) */
	for (size_t i = 0; i < n; i++)
		if (r->by == REPORT_BY_PERSON)
			c->staff[i].dept = (int)i;
	qsort(c->staff, n, sizeof *c->staff, staff_cmp);
	/* small ids (the usual): a table instead of a search a row */
	if (n && c->staff[0].id >= 0 && c->staff[n - 1].id < 4 * (long long)n + 1024) {
		c->staff_ids = c->staff[n - 1].id + 1;
		c->staff_group = xmalloc((size_t)c->staff_ids * sizeof *c->staff_group);
		for (long long i = 0; i < c->staff_ids; i++)
			c->staff_group[i] = c->none_group;
		for (size_t i = 0; i < n; i++)
			c->staff_group[c->staff[i].id] = c->staff[i].dept;
	}
	free(depts);
	db_staff_free_list(list, n);
	return 0;
}

/* The scope's department and person, checked: into r (names) and c (the
 * person's id). */

/* 0 when somebody works in department, else -1 with err set (code 2). */
static int department_known(struct fd *fd, const char *department, struct fd_err *err)
{
	struct staff *list = NULL;
	size_t n = 0, i;
	if (db_staff_list(fd->db, &list, &n) != 0) {
		fd_errf(err, 1, "%s", db_errmsg(fd->db));
		return -1;
	}
	for (i = 0; i < n; i++)
		if (list[i].department && strcmp(list[i].department, department) == 0)
			break;
	db_staff_free_list(list, n);
	if (i == n) {
		fd_errf(err, 2, _("nobody works in a department called \"%.40s\"; see 'frontdesk "
		        "staff list'"), department);
		return -1;
	}
	return 0;
}

static int scope_resolve(struct fd *fd, const struct report_scope *s, struct compute *c,
                         struct fd_err *err)
{
	struct report *r = c->r;
	if (s->person && *s->person) {
		struct staff st = {0};
		if (!r->cfg.per_person) {
			fd_errf(err, 1, _("figures for one person are off: they need the works council's "
			        "agreement; an administrator enables them with the setting "
			        "report_per_person = 1"));
			return -1;
		}
		int found = fd_staff_find(fd, s->person, &st, err);
		if (found <= 0) {
			if (found == 0)
				fd_errf(err, 2, _("no staff member matches \"%.40s\"; see 'frontdesk staff list'"),
				        s->person);
			return -1;
		}
		c->person_id = st.id;
		snprintf(r->person, sizeof r->person, "%s", st.login);
		db_staff_clear(&st);
	}
	if (s->department && *s->department) {
		if (department_known(fd, s->department, err) != 0)
			return -1;
		snprintf(r->department, sizeof r->department, "%s", s->department);
	}
	c->scoped = r->person[0] || r->department[0];
	return 0;
}

int report_compute(struct fd *fd, const struct report_period *p, enum report_by by,
                   int wall_clock, time_t now, struct report **out, struct fd_err *err)
{
	return report_compute_in(fd, p, by, NULL, wall_clock, now, out, err);
}

int report_compute_in(struct fd *fd, const struct report_period *p, enum report_by by,
                      const struct report_scope *scope, int wall_clock, time_t now,
                      struct report **out, struct fd_err *err)
{
	struct compute c;
	struct slow_map slow = {0};
	struct report *r;
	int ret = -1;

	*out = NULL;
	if (!fd_allowed(fd, ACT_REPORT, err))
		return -1;
	r = xcalloc(1, sizeof *r);
	memset(&c, 0, sizeof c);
	c.r = r;
	c.now = now;
	lt_init(&c.lt);
	r->period = *p;
	r->by = by;
	r->now = now;
	if (report_config_load(fd, &r->cfg, err) != 0)
		goto out;
	if (wall_clock)
		r->cfg.wall_clock = 1;
	if (by == REPORT_BY_PERSON && !r->cfg.per_person) {
		fd_errf(err, 1, _("figures per person are off: they need the works council's agreement; "
		        "an administrator enables them with the setting report_per_person = 1"));
		goto out;
	}
	memcpy(r->hist, hist_template, sizeof r->hist);
	if (db_report_snapshot_begin(fd->db) != 0) {
		fd_errf(err, 1, "%s", db_errmsg(fd->db));
		goto out;
	}
	if (scope && scope_resolve(fd, scope, &c, err) != 0)
		goto end;
	if (setup_groups(fd, &c, err) != 0)
		goto end;
	/* weeks of the period, when it is a sensible length */
	if (p->since && p->until > p->since) {
		long long d0, d1;
		long s;
		lt_split(&c.lt, p->since, &d0, &s);
		lt_split(&c.lt, p->until - 1, &d1, &s);
		long long w0 = week_of_day(d0), w1 = week_of_day(d1);
		if (w1 - w0 < 1100) {
			c.week0 = w0;
			r->n_weeks = (size_t)(w1 - w0 + 1);
			r->weeks = xcalloc(r->n_weeks, sizeof *r->weeks);
			for (size_t i = 0; i < r->n_weeks; i++) {
				/* local Monday 00:00 of the week */
				time_t day = (time_t)((w0 + (long long)i) * 7 - 3) * 86400;
				struct tm tm;
				gmtime_r(&day, &tm);
				tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
				tm.tm_isdst = -1;
				r->weeks[i].start = mktime(&tm);
			}
		}
	}
	if (c.scoped) {
		int rc = r->department[0]
		         ? db_report_department(fd->db, p->since, p->until, r->department, on_scoped_call,
		                                on_scoped_callback, &c)
		         : db_report_person(fd->db, p->since, p->until, c.person_id, on_scoped_call,
		                            on_scoped_callback, &c);
		if (rc < 0)
			goto db_fail;
		finish(&c);
		ret = 0;
		goto end;
	}
	/* A callback is created with its first (unreached) call, at the same
	 * time: the calls of the period bound the ids of its callbacks, and
	 * their number. */
	if (db_report_unreached(fd->db, p->since, p->until,
	                        by == REPORT_BY_DEPARTMENT || by == REPORT_BY_PERSON, on_unreached,
	                        &c) < 0)
		goto db_fail;
	if (c.unordered) {
		slow.c = &c;
		for (slow.cap = 1024; slow.cap < 2 * c.cb_calls + 2; slow.cap *= 2)
			;
		slow.key = xcalloc(slow.cap, sizeof *slow.key);
		slow.val = xcalloc(slow.cap, sizeof *slow.val);
		c.slow = &slow;
		if (db_report_calls(fd->db, p->since, p->until, 1, 0, on_unreached_slow, &slow) < 0)
			goto db_fail;
	}
	if (c.max_cb) {
		/* room for every callback the calls allow: no growing */
		unsigned long long ids = (unsigned long long)c.max_cb - (unsigned long long)c.min_cb + 1;
		c.cap = c.cb_calls < ids ? c.cb_calls : (size_t)ids;
		c.first = xmalloc(c.cap * sizeof *c.first);
		c.reached = xmalloc(c.cap * sizeof *c.reached);
		if (r->n_weeks)
			c.week = xmalloc(c.cap * sizeof *c.week);
		if (r->by != REPORT_BY_NONE)
			c.group = xmalloc(c.cap * sizeof *c.group);
		if (db_report_callbacks(fd->db, p->since, p->until, c.min_cb, c.max_cb, 0, on_callback,
		                        &c) < 0)
			goto db_fail;
	}
	finish(&c);
	ret = 0;
	goto end;
db_fail:
	fd_errf(err, 1, "%s", db_errmsg(fd->db));
end:
	db_report_snapshot_end(fd->db);
out:
	free(c.first);
	free(c.reached);
	free(c.week);
	free(c.group);
	free(c.staff);
	free(c.staff_group);
	free(c.cb_group);
	free(slow.key);
	free(slow.val);
	if (ret == 0)
		*out = r;
	else
		report_free(&r);
	return ret;
}

void report_free(struct report **pr)
{
	struct report *r = *pr;
	if (!r)
		return;
	free(r->groups);
	free(r->weeks);
	free(r);
	*pr = NULL;
}

void report_chart_bar(long long value, long long max, int width, char *buf)
{
	int n = 0;
	if (width < 0)
		width = 0;
	if (max > 0 && value > 0) {
		n = (int)((value * width + max - 1) / max); /* anything above 0 shows */
		if (n > width)
			n = width;
	}
	memset(buf, '#', (size_t)n);
	buf[n] = '\0';
}

void report_duration_format(long secs, const char *never, char *buf, size_t n)
{
	if (secs == REPORT_NEVER) {
		snprintf(buf, n, "%s", never ? never : "-");
		return;
	}
	long m = (secs + 30) / 60;
	if (secs < 60)
		snprintf(buf, n, _("%ld s"), secs);
	else if (m < 60)
		snprintf(buf, n, _("%ld min"), m);
	else if (m < 24 * 60)
		snprintf(buf, n, m % 60 ? _("%ld h %ld min") : _("%ld h"), m / 60, m % 60);
	else
		snprintf(buf, n, (m / 60) % 24 ? _("%ld d %ld h") : _("%ld d"), m / 1440, (m / 60) % 24);
}

/* ---- the missed-call log ---- */

int report_list_parse(const char *s, enum report_list *out)
{
	static const char *const names[] = {"all", "never", "overdue", "repeat", "after-hours"};
	for (int i = 0; i < 5; i++)
		if (s && strcmp(s, names[i]) == 0) {
			*out = (enum report_list)i;
			return 0;
		}
	return -1;
}

struct missed_ctx {
	struct report_missed_row *v;
	size_t n, cap;
	const struct report_config *cfg;
	struct lt_cache lt;
	time_t now;
};

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static long row_elapsed(struct missed_ctx *m, time_t from, time_t to)
{
	if (!to)
		return REPORT_NEVER;
	if (m->cfg->wall_clock)
		return to > from ? (long)(to - from) : 0;
	return elapsed_cached(&m->cfg->hours, &m->lt, from, to);
}

static void status_of(const struct db_report_call *k, time_t now, char *buf, size_t n)
{
	if (!k->cb_status)
		snprintf(buf, n, "none");
	else if (strcmp(k->cb_status, "open") == 0 && k->cb_due < now)
		snprintf(buf, n, "overdue");
	else
		snprintf(buf, n, "%s", k->cb_status);
}

static int on_missed(void *ctx, const struct db_report_call *k)
{
	struct missed_ctx *m = ctx;
	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 32;
		m->v = xrealloc(m->v, m->cap * sizeof *m->v);
	}
	struct report_missed_row *r = &m->v[m->n++];
	memset(r, 0, sizeof *r);
	r->call_id = k->id;
	r->at = k->at;
	r->contact_id = k->contact_id;
	r->caller = dup_or_null(k->caller_name ? k->caller_name : k->number);
	r->company = dup_or_null(k->company);
	r->number = dup_or_null(k->number);
	r->wanted_login = dup_or_null(k->wanted_login);
	r->wanted_name = dup_or_null(k->wanted_name);
	r->department = dup_or_null(k->department);
	r->taken_by = dup_or_null(k->taken_login);
	r->callback_id = k->callback_id;
	status_of(k, m->now, r->status, sizeof r->status);
	r->calls = k->cb_calls;
	r->first_attempt = k->first_attempt;
	r->reached = k->reached;
	r->to_first = row_elapsed(m, k->at, k->first_attempt);
	r->to_reached = row_elapsed(m, k->at, k->reached);
	r->after_hours = !in_hours_cached(&m->cfg->hours, &m->lt, k->at);
	return 0;
}

void report_missed_free(struct report_missed_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct report_missed_row *r = &rows[i];
		free(r->caller); free(r->company); free(r->number); free(r->wanted_login);
		free(r->wanted_name); free(r->department); free(r->taken_by);
	}
	free(rows);
}

static int looks_like_number(const char *s)
{
	int digits = 0;
	for (; *s; s++) {
		if (isdigit((unsigned char)*s))
			digits++;
		else if (!strchr("+()-/ .", *s))
			return 0;
	}
	return digits >= 3;
}

int report_missed(struct fd *fd, const struct report_missed_query *q, time_t now,
                  struct report_missed_row **out, size_t *n, struct fd_err *err)
{
	static const char *const statuses[] = {"none", "open", "overdue", "done", "cancelled",
	                                       "will-call-again"};
	struct report_config cfg;
	struct db_missed_filter f;
	struct missed_ctx m;
	char e164[PHONE_MAX];
	char *like = NULL;
	int ret = -1;

	*out = NULL;
	*n = 0;
	if (!fd_allowed(fd, ACT_REPORT, err))
		return -1;
	if (report_config_load(fd, &cfg, err) != 0)
		return -1;
	if (q->department && *q->department && department_known(fd, q->department, err) != 0)
		return -1;
	memset(&f, 0, sizeof f);
	memset(&m, 0, sizeof m);
	f.since = q->period.since;
	f.until = q->period.until;
	f.now = now;
	f.department = q->department && *q->department ? q->department : NULL;
	f.list = (enum db_missed_list)q->list;
	f.open_min = cfg.hours.open_min;
	f.close_min = cfg.hours.close_min;
	f.days = cfg.hours.days;
	f.sort = (enum db_missed_sort)q->sort;
	f.descending = !q->ascending;
	f.limit = q->limit ? q->limit : 50;
	f.offset = q->offset;
	f.after_at = q->after_at;
	f.after_id = q->after_call_id;
	if (q->status && *q->status) {
		size_t i;
		for (i = 0; i < sizeof statuses / sizeof *statuses; i++)
			if (strcmp(q->status, statuses[i]) == 0)
				break;
		if (i == sizeof statuses / sizeof *statuses) {
			fd_errf(err, 2, _("unknown callback status \"%.30s\"; use none, open, overdue, done, "
			        "cancelled or will-call-again"), q->status);
			return -1;
		}
		f.status = q->status;
	}
	if (q->person && *q->person) {
		struct staff s = {0};
		int r = fd_staff_find(fd, q->person, &s, err);
		if (r <= 0) {
			if (r == 0)
				fd_errf(err, 2, _("no staff member matches \"%.40s\""), q->person);
			return -1;
		}
		f.wanted_id = s.id;
		db_staff_clear(&s);
	}
	if (q->caller && *q->caller) {
		const char *why;
		if (looks_like_number(q->caller) &&
		    phone_normalize(q->caller, fd->default_cc, e164, &why) == 0) {
			f.number = e164;
		} else {
			struct sbuf b = SBUF_INIT;
			sbuf_addc(&b, '%');
			for (const char *p = q->caller; *p; p++) {
				if (*p == '%' || *p == '_' || *p == '\\')
					sbuf_addc(&b, '\\');
				sbuf_addc(&b, *p);
			}
			sbuf_addc(&b, '%');
			like = sbuf_detach(&b);
			f.name_like = like;
		}
	}
	m.cfg = &cfg;
	m.now = now;
	lt_init(&m.lt);
	if (db_missed_list(fd->db, &f, on_missed, &m) < 0) {
		fd_errf(err, 1, "%s", db_errmsg(fd->db));
		report_missed_free(m.v, m.n);
		goto out;
	}
	*out = m.v;
	*n = m.n;
	ret = 0;
out:
	free(like);
	return ret;
}

/* ---- a caller's whole history ---- */

void report_history_clear(struct report_history *h)
{
	db_contact_clear(&h->contact);
	db_call_free_list(h->calls, h->n_calls);
	for (size_t i = 0; i < h->n_callbacks; i++) {
		db_callback_clear(&h->callbacks[i].cb);
		db_attempt_free_list(h->callbacks[i].attempts, h->callbacks[i].n_attempts);
	}
	free(h->callbacks);
	memset(h, 0, sizeof *h);
}

static int cmp_history_cb(const void *a, const void *b)
{
	const struct callback *x = &((const struct report_history_callback *)a)->cb;
	const struct callback *y = &((const struct report_history_callback *)b)->cb;
	if (x->created != y->created)
		return x->created < y->created ? 1 : -1;
	return x->id < y->id ? 1 : x->id > y->id ? -1 : 0;
}

int report_caller_history(struct fd *fd, long long contact_id, const char *number,
                          struct report_history *h, struct fd_err *err)
{
	int r;
	memset(h, 0, sizeof *h);
	if (!fd_allowed(fd, ACT_REPORT, err))
		return -1;
	if (db_report_snapshot_begin(fd->db) != 0) {
		fd_errf(err, 1, "%s", db_errmsg(fd->db));
		return -1;
	}
	/* the caller as a contact: the one named, else the number's now */
	if (contact_id)
		r = db_contact_by_id(fd->db, contact_id, &h->contact);
	else if (number && *number)
		r = db_contact_by_number(fd->db, number, &h->contact);
	else
		r = 0;
	if (r < 0)
		goto fail;
	h->have_contact = r == 1;
	if (db_call_list_caller(fd->db, h->have_contact ? h->contact.id : 0,
	                        number && *number ? number : NULL, &h->calls, &h->n_calls) != 0)
		goto fail;
	/* the callbacks are those of the calls: each once */
	for (size_t i = 0; i < h->n_calls; i++) {
		long long id = h->calls[i].callback_id;
		size_t j = 0;
		while (j < h->n_callbacks && h->callbacks[j].cb.id != id)
			j++;
		if (!id || j < h->n_callbacks)
			continue;
		h->callbacks = xrealloc(h->callbacks, (h->n_callbacks + 1) * sizeof *h->callbacks);
		struct report_history_callback *c = &h->callbacks[h->n_callbacks];
		memset(c, 0, sizeof *c);
		r = db_callback_by_id(fd->db, id, &c->cb);
		if (r < 0)
			goto fail;
		if (r == 0)
			continue; /* erased meanwhile */
		h->n_callbacks++;
		if (db_attempt_list(fd->db, id, &c->attempts, &c->n_attempts) != 0)
			goto fail;
	}
	if (h->n_callbacks > 1)
		qsort(h->callbacks, h->n_callbacks, sizeof *h->callbacks, cmp_history_cb);
	db_report_snapshot_end(fd->db);
	return 0;
fail:
	fd_errf(err, 1, "%s", db_errmsg(fd->db));
	db_report_snapshot_end(fd->db);
	report_history_clear(h);
	return -1;
}

/* ---- exports ---- */

int report_export_kind_parse(const char *s, enum report_export_kind *out)
{
	static const char *const names[] = {"calls", "callbacks", "contacts"};
	for (int i = 0; i < 3; i++)
		if (s && strcmp(s, names[i]) == 0) {
			*out = (enum report_export_kind)i;
			return 0;
		}
	return -1;
}

int report_format_parse(const char *s, enum report_format *out)
{
	if (s && strcmp(s, "csv") == 0)
		*out = REPORT_FORMAT_CSV;
	else if (s && strcmp(s, "json") == 0)
		*out = REPORT_FORMAT_JSON;
	else
		return -1;
	return 0;
}

/* One writer for both formats: cells are added in header order. */
enum cell_kind { CELL_TEXT, CELL_INT, CELL_TIME, CELL_NULL_INT };
struct exp {
	enum report_format format;
	FILE *f;
	struct csv csv;
	const char *const *header;
	int col;
	size_t rows;
	int failed;
	struct report_config cfg;
	struct lt_cache lt;
	time_t now;
};

static void json_quote(FILE *f, const char *s)
{
	const unsigned char *end = (const unsigned char *)s + strlen(s);
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		int k = csv_utf8_len(p, (size_t)(end - p));
		if (k == 0) {
			fputs("\\ufffd", f);
			p++;
			continue;
		}
		if (k > 1) {
			/* valid JSON, but not for a terminal: C1 controls (U+009B is
			 * a CSI), bidi controls, invisible format characters */
			unsigned c = k == 2 ? (unsigned)(p[0] & 0x1F) << 6 | (p[1] & 0x3F)
			                    : (unsigned)(p[0] & 0x0F) << 12 | (unsigned)(p[1] & 0x3F) << 6 |
			                          (p[2] & 0x3F);
			if (k <= 3 && ((c >= 0x80 && c <= 0x9F) || c == 0x61C || (c >= 0x200B && c <= 0x200F) ||
			               (c >= 0x2028 && c <= 0x202E) || (c >= 0x2060 && c <= 0x206F) ||
			               c == 0xFEFF)) {
				fprintf(f, "\\u%04x", c);
				p += k;
				continue;
			}
			fwrite(p, 1, (size_t)k, f);
			p += k;
			continue;
		}
		switch (*p) {
		case '"': fputs("\\\"", f); break;
		case '\\': fputs("\\\\", f); break;
		case '\n': fputs("\\n", f); break;
		case '\r': fputs("\\r", f); break;
		case '\t': fputs("\\t", f); break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				fprintf(f, "\\u%04x", *p);
			else
				fputc(*p, f);
		}
		p++;
	}
	fputc('"', f);
}

static void exp_begin_row(struct exp *e)
{
	e->col = 0;
	if (e->format == REPORT_FORMAT_JSON)
		fputs(e->rows ? ",\n{" : "{", e->f);
}

static void exp_key(struct exp *e)
{
	if (e->format == REPORT_FORMAT_JSON) {
		if (e->col)
			fputc(',', e->f);
		json_quote(e->f, e->header[e->col]);
		fputc(':', e->f);
	}
	e->col++;
}

static void exp_text(struct exp *e, const char *s)
{
	exp_key(e);
	if (e->format == REPORT_FORMAT_CSV) {
		if (csv_text(&e->csv, s) != 0)
			e->failed = 1;
	} else if (s) {
		json_quote(e->f, s);
	} else {
		fputs("null", e->f);
	}
}

/* An integer; none: empty (CSV) or null (JSON). */
static void exp_int(struct exp *e, long long v, int none)
{
	exp_key(e);
	if (e->format == REPORT_FORMAT_CSV) {
		if ((none ? csv_raw(&e->csv, "") : csv_int(&e->csv, v)) != 0)
			e->failed = 1;
	} else if (none) {
		fputs("null", e->f);
	} else {
		fprintf(e->f, "%lld", v);
	}
}

static void exp_bool(struct exp *e, int v)
{
	exp_key(e);
	if (e->format == REPORT_FORMAT_CSV) {
		if (csv_int(&e->csv, v ? 1 : 0) != 0)
			e->failed = 1;
	} else {
		fputs(v ? "true" : "false", e->f);
	}
}

static void exp_time(struct exp *e, time_t t)
{
	char buf[40];
	exp_key(e);
	if (t)
		when_format_iso(t, buf, sizeof buf);
	if (e->format == REPORT_FORMAT_CSV) {
		if (csv_raw(&e->csv, t ? buf : "") != 0)
			e->failed = 1;
	} else if (t) {
		json_quote(e->f, buf);
	} else {
		fputs("null", e->f);
	}
}

static void exp_end_row(struct exp *e)
{
	if (e->format == REPORT_FORMAT_CSV) {
		if (csv_end(&e->csv) != 0)
			e->failed = 1;
	} else {
		fputc('}', e->f);
	}
	e->rows++;
	if (ferror(e->f))
		e->failed = 1;
}

static long exp_elapsed(struct exp *e, time_t from, time_t to)
{
	if (!to)
		return REPORT_NEVER;
	if (e->cfg.wall_clock)
		return to > from ? (long)(to - from) : 0;
	return elapsed_cached(&e->cfg.hours, &e->lt, from, to);
}

static const char *const call_header[] = {
	"id", "time", "caller", "company", "number", "for", "for_name", "department", "taken_by",
	"outcome", "subject", "message", "urgent", "complaint", "after_hours", "callback",
	"callback_status", "first_attempt", "to_first_attempt_s", "reached", "to_reached_s", NULL};

static int exp_call(void *ctx, const struct db_report_call *k)
{
	struct exp *e = ctx;
	char status[20] = "";
	long first = exp_elapsed(e, k->at, k->first_attempt);
	long reached = exp_elapsed(e, k->at, k->reached);
	if (k->callback_id)
		status_of(k, e->now, status, sizeof status);
	exp_begin_row(e);
	exp_int(e, k->id, 0);
	exp_time(e, k->at);
	exp_text(e, k->caller_name);
	exp_text(e, k->company);
	exp_text(e, k->number);
	exp_text(e, k->wanted_login);
	exp_text(e, k->wanted_name);
	exp_text(e, k->department);
	exp_text(e, k->taken_login);
	exp_text(e, k->outcome);
	exp_text(e, k->subject);
	exp_text(e, k->message);
	exp_bool(e, k->urgent);
	exp_bool(e, k->complaint);
	exp_bool(e, !in_hours_cached(&e->cfg.hours, &e->lt, k->at));
	exp_int(e, k->callback_id, !k->callback_id);
	exp_text(e, k->callback_id ? status : NULL);
	exp_time(e, k->first_attempt);
	exp_int(e, first, first == REPORT_NEVER);
	exp_time(e, k->reached);
	exp_int(e, reached, reached == REPORT_NEVER);
	exp_end_row(e);
	return e->failed;
}

static const char *const callback_header[] = {
	"id", "created", "caller", "company", "number", "assignee", "wanted", "department",
	"status", "overdue", "due", "closed", "calls", "attempts", "urgent", "first_attempt",
	"to_first_attempt_s", "reached", "to_reached_s", "subject", NULL};

static int exp_callback(void *ctx, const struct db_report_callback *b)
{
	struct exp *e = ctx;
	long first = exp_elapsed(e, b->created, b->first_attempt);
	long reached = exp_elapsed(e, b->created, b->reached);
	int open = b->status && strcmp(b->status, "open") == 0;
	exp_begin_row(e);
	exp_int(e, b->id, 0);
	exp_time(e, b->created);
	exp_text(e, b->caller_name);
	exp_text(e, b->company);
	exp_text(e, b->number);
	exp_text(e, b->assignee_login);
	exp_text(e, b->wanted_login);
	exp_text(e, b->department);
	exp_text(e, b->status);
	exp_bool(e, open && b->due < e->now);
	exp_time(e, b->due);
	exp_time(e, open ? 0 : b->closed);
	exp_int(e, b->calls, 0);
	exp_int(e, b->attempts, 0);
	exp_bool(e, b->priority > 0);
	exp_time(e, b->first_attempt);
	exp_int(e, first, first == REPORT_NEVER);
	exp_time(e, b->reached);
	exp_int(e, reached, reached == REPORT_NEVER);
	exp_text(e, b->subject);
	exp_end_row(e);
	return e->failed;
}

static const char *const contact_header[] = {
	"id", "created", "name", "company", "numbers", "email", "note", NULL};

static int exp_contact(void *ctx, const struct db_report_contact *k)
{
	struct exp *e = ctx;
	exp_begin_row(e);
	exp_int(e, k->id, 0);
	exp_time(e, k->created);
	exp_text(e, k->name);
	exp_text(e, k->company);
	exp_text(e, k->numbers);
	exp_text(e, k->email);
	exp_text(e, k->note);
	exp_end_row(e);
	return e->failed;
}

int report_export(struct fd *fd, enum report_export_kind kind, const struct report_period *p,
                  enum report_format format, int bom, int wall_clock, FILE *f,
                  time_t now, size_t *rows, struct fd_err *err)
{
	struct exp e;
	int rc;

	if (rows)
		*rows = 0;
	if (!fd_allowed(fd, ACT_REPORT, err))
		return -1;
	memset(&e, 0, sizeof e);
	if (report_config_load(fd, &e.cfg, err) != 0)
		return -1;
	if (wall_clock)
		e.cfg.wall_clock = 1;
	e.format = format;
	e.f = f;
	e.now = now;
	lt_init(&e.lt);
	e.header = kind == REPORT_EXPORT_CALLS ? call_header
	         : kind == REPORT_EXPORT_CALLBACKS ? callback_header : contact_header;
	if (format == REPORT_FORMAT_CSV) {
		csv_init(&e.csv, f, 0);
		if (bom)
			csv_bom(&e.csv);
		for (const char *const *h = e.header; *h; h++)
			csv_raw(&e.csv, *h);
		csv_end(&e.csv);
	} else {
		fputs("[\n", f);
	}
	if (db_report_snapshot_begin(fd->db) != 0) {
		fd_errf(err, 1, "%s", db_errmsg(fd->db));
		return -1;
	}
	switch (kind) {
	case REPORT_EXPORT_CALLS:
		rc = db_report_calls(fd->db, p->since, p->until, 0, 1, exp_call, &e);
		break;
	case REPORT_EXPORT_CALLBACKS:
		rc = db_report_callbacks(fd->db, p->since, p->until, 0, 0, 1, exp_callback, &e);
		break;
	default:
		rc = db_report_contacts(fd->db, p->since, p->until, exp_contact, &e);
		break;
	}
	db_report_snapshot_end(fd->db);
	if (rc < 0) {
		fd_errf(err, 1, "%s", db_errmsg(fd->db));
		return -1;
	}
	if (format == REPORT_FORMAT_JSON)
		fputs(e.rows ? "\n]\n" : "]\n", f);
	if (e.failed || e.csv.failed || fflush(f) == EOF || ferror(f)) {
		fd_errf(err, 1, _("cannot write the export; is the disk full?"));
		return -1;
	}
	if (rows)
		*rows = e.rows;
	return 0;
}
