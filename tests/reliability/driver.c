/*
 * driver: many frontdesk processes writing one database at once, for
 * stress.sh and crash.sh.  Not part of the program: the scripts compile it
 * into their private temporary directory.
 *
 * Each of P workers runs the real binary in a loop until the deadline:
 * `call log --callback` with a unique subject and number (a tag), `callback
 * attempt` on one of its own open callbacks with the tag as note, and now
 * and then a read.  A write counts as saved only when the program said so
 * (exit 0 and the printed id); those are written to confirmed.csv for the
 * script to look up in the database afterwards.  With -k the worker kills
 * half of its children with SIGKILL at a random moment in the first K ms:
 * the child is never reaped before the kill, so its pid cannot be reused.
 *
 * usage: driver -f FRONTDESK -d DB -o OUTDIR [-p PROCS] [-t SECONDS]
 *               [-s NSTAFF] [-r ROUND] [-k KILL_MS]
 * Prints one line of figures; exits 0 (the script judges the results).
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char *fd_bin, *db_path, *out_dir;
static int procs = 16, nstaff = 4, round_no = 1, kill_ms = 0;
static double seconds = 10;

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static unsigned long long rng;
static unsigned rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

struct run {
	int status;                /* from waitpid */
	int killed;                /* we sent SIGKILL */
	double secs;
	char out[4096], err[2048];
};

/* Run argv, collecting (the start of) stdout and stderr; with kill_after
 * >= 0, SIGKILL the child after that many seconds unless it ended. */
static int run_child(char *const argv[], double kill_after, struct run *r)
{
	int po[2], pe[2];
	memset(r, 0, sizeof *r);
	if (pipe(po) != 0 || pipe(pe) != 0)
		return -1;
	double t0 = now_s();
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		dup2(po[1], 1);
		dup2(pe[1], 2);
		close(po[0]); close(po[1]); close(pe[0]); close(pe[1]);
		execv(argv[0], argv);
		_exit(127);
	}
	close(po[1]);
	close(pe[1]);
	size_t no = 0, ne = 0;
	int open_o = 1, open_e = 1;
	while (open_o || open_e) {
		struct pollfd p[2] = {{po[0], POLLIN, 0}, {pe[0], POLLIN, 0}};
		int timeout = -1;
		if (kill_after >= 0 && !r->killed) {
			double left = t0 + kill_after - now_s();
			if (left <= 0) {
				kill(pid, SIGKILL); /* not reaped yet: still our child */
				r->killed = 1;
				continue;
			}
			timeout = (int)(left * 1000) + 1;
		}
		p[0].fd = open_o ? po[0] : -1;
		p[1].fd = open_e ? pe[0] : -1;
		int n = poll(p, 2, timeout);
		if (n < 0 && errno != EINTR)
			break;
		char buf[4096];
		if (open_o && (p[0].revents & (POLLIN | POLLHUP))) {
			ssize_t k = read(po[0], buf, sizeof buf);
			if (k <= 0)
				open_o = 0;
			else if (no + 1 < sizeof r->out) {
				size_t c = (size_t)k < sizeof r->out - 1 - no ? (size_t)k : sizeof r->out - 1 - no;
				memcpy(r->out + no, buf, c);
				no += c;
			}
		}
		if (open_e && (p[1].revents & (POLLIN | POLLHUP))) {
			ssize_t k = read(pe[0], buf, sizeof buf);
			if (k <= 0)
				open_e = 0;
			else if (ne + 1 < sizeof r->err) {
				size_t c = (size_t)k < sizeof r->err - 1 - ne ? (size_t)k : sizeof r->err - 1 - ne;
				memcpy(r->err + ne, buf, c);
				ne += c;
			}
		}
	}
	close(po[0]);
	close(pe[0]);
	while (waitpid(pid, &r->status, 0) < 0 && errno == EINTR)
		;
	r->secs = now_s() - t0;
	/* it may have finished before the kill arrived */
	if (r->killed && !(WIFSIGNALED(r->status) && WTERMSIG(r->status) == SIGKILL))
		r->killed = 0;
	return 0;
}

struct stats {
	long writes, ok, fail, killed, reads, read_fail;
	double max_lat, sum_lat;
};

static void note_stderr(FILE *ef, const char *what, const struct run *r)
{
	if (r->err[0])
		fprintf(ef, "%s: %s%s", what, r->err,
		        r->err[strlen(r->err) - 1] == '\n' ? "" : "\n");
}

static void worker(int w)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/w%d.csv", out_dir, w);
	FILE *cf = fopen(path, "w");
	snprintf(path, sizeof path, "%s/w%d.err", out_dir, w);
	FILE *ef = fopen(path, "w");
	snprintf(path, sizeof path, "%s/w%d.lat", out_dir, w);
	FILE *lf = fopen(path, "w");
	if (!cf || !ef || !lf)
		_exit(3);
	setvbuf(cf, NULL, _IOLBF, 0);
	rng = 0x9e3779b97f4a7c15ULL ^ ((unsigned long long)round_no << 20) ^ (unsigned long long)(w + 1) * 2654435761ULL;
	long open_cb[4096];
	int n_open = 0;
	struct stats st = {0};
	double deadline = now_s() + seconds;
	int seq = 0;
	while (now_s() < deadline) {
		char tag[64], num[64], idbuf[32], staff[16];
		char *argv[24];
		int a = 0, kind;      /* 0 call, 1 attempt, 2 read */
		const char *result = NULL;
		long cb = 0;
		int pick = 0;
		unsigned dice = rnd(100);
		seq++;
		snprintf(tag, sizeof tag, "r%d-p%d-%d", round_no, w, seq);
		argv[a++] = (char *)fd_bin;
		argv[a++] = "--db";
		argv[a++] = (char *)db_path;
		if (dice < 10) {
			kind = 2;
			if (dice < 5) {
				argv[a++] = "calls";
				argv[a++] = "--limit";
				argv[a++] = "5";
			} else {
				argv[a++] = "staff";
				argv[a++] = "list";
			}
		} else if (dice < 50 && n_open > 0) {
			kind = 1;
			pick = (int)rnd((unsigned)n_open);
			cb = open_cb[pick];
			result = rnd(3) == 0 ? "reached" : "no-answer";
			snprintf(idbuf, sizeof idbuf, "%ld", cb);
			argv[a++] = "callback";
			argv[a++] = "attempt";
			argv[a++] = idbuf;
			argv[a++] = "--result";
			argv[a++] = (char *)result;
			argv[a++] = "--note";
			argv[a++] = tag;
		} else {
			kind = 0;
			snprintf(num, sizeof num, "+4930%03d%02d%05d", round_no % 1000, w % 100, seq % 100000);
			snprintf(staff, sizeof staff, "s%u", 1 + rnd((unsigned)nstaff));
			argv[a++] = "--json";
			argv[a++] = "call";
			argv[a++] = "log";
			argv[a++] = "--for";
			argv[a++] = staff;
			argv[a++] = "--from";
			argv[a++] = num;
			argv[a++] = "--subject";
			argv[a++] = tag;
			argv[a++] = "--callback";
		}
		argv[a] = NULL;
		double kill_after = -1;
		if (kill_ms > 0 && kind != 2 && rnd(2) == 0)
			kill_after = rnd((unsigned)kill_ms * 1000) / 1e6;
		struct run r;
		if (run_child(argv, kill_after, &r) != 0) {
			fprintf(ef, "driver: cannot run %s: %s\n", fd_bin, strerror(errno));
			_exit(3);
		}
		int exit_ok = WIFEXITED(r.status) && WEXITSTATUS(r.status) == 0;
		if (kind == 2) {
			st.reads++;
			if (!exit_ok) {
				st.read_fail++;
				fprintf(ef, "read failed (status %d)\n", r.status);
			}
			note_stderr(ef, "read", &r);
			continue;
		}
		st.writes++;
		if (!r.killed) {
			fprintf(lf, "%.6f\n", r.secs);
			st.sum_lat += r.secs;
			if (r.secs > st.max_lat)
				st.max_lat = r.secs;
		}
		if (r.killed) {
			st.killed++;
			continue;
		}
		note_stderr(ef, kind ? "attempt" : "call", &r);
		long long call_id = 0, cb_id = 0, got = 0;
		if (exit_ok && kind == 0) {
			const char *p = strstr(r.out, "\"call\":"), *q = strstr(r.out, "\"callback\":");
			if (p && q && sscanf(p + 7, "%lld", &call_id) == 1 && sscanf(q + 11, "%lld", &cb_id) == 1)
				got = 1;
		} else if (exit_ok) {
			if (sscanf(r.out, "callback #%lld:", &cb_id) == 1 && cb_id == cb)
				got = 1;
		}
		if (!exit_ok || !got) {
			st.fail++;
			fprintf(ef, "%s %s failed: status %d, output \"%.200s\"\n", kind ? "attempt" : "call",
			        tag, r.status, r.out);
			continue;
		}
		st.ok++;
		if (kind == 0) {
			fprintf(cf, "call,%s,%lld,%lld\n", tag, call_id, cb_id);
			if (n_open < (int)(sizeof open_cb / sizeof *open_cb))
				open_cb[n_open++] = (long)cb_id;
		} else {
			fprintf(cf, "attempt,%s,%lld,%s\n", tag, cb_id, result);
			if (strcmp(result, "reached") == 0)
				open_cb[pick] = open_cb[--n_open];
		}
	}
	fclose(lf);
	fclose(ef);
	fclose(cf);
	snprintf(path, sizeof path, "%s/w%d.stat", out_dir, w);
	FILE *sf = fopen(path, "w");
	if (!sf)
		_exit(3);
	fprintf(sf, "%ld %ld %ld %ld %ld %ld %.6f %.6f\n", st.writes, st.ok, st.fail, st.killed,
	        st.reads, st.read_fail, st.max_lat, st.sum_lat);
	fclose(sf);
	_exit(0);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	int c;
	while ((c = getopt(argc, argv, "f:d:o:p:t:s:r:k:")) != -1) {
		switch (c) {
		case 'f': fd_bin = optarg; break;
		case 'd': db_path = optarg; break;
		case 'o': out_dir = optarg; break;
		case 'p': procs = atoi(optarg); break;
		case 't': seconds = atof(optarg); break;
		case 's': nstaff = atoi(optarg); break;
		case 'r': round_no = atoi(optarg); break;
		case 'k': kill_ms = atoi(optarg); break;
		default: return 2;
		}
	}
	if (!fd_bin || !db_path || !out_dir || procs < 1 || procs > 256 || seconds < 0 || nstaff < 1) {
		fprintf(stderr, "usage: driver -f FRONTDESK -d DB -o OUTDIR [-p PROCS] [-t SECONDS] "
		                "[-s NSTAFF] [-r ROUND] [-k KILL_MS]\n");
		return 2;
	}
	pid_t pids[256];
	for (int w = 0; w < procs; w++) {
		pids[w] = fork();
		if (pids[w] < 0) {
			perror("driver: fork");
			return 3;
		}
		if (pids[w] == 0)
			worker(w);
	}
	int bad = 0;
	for (int w = 0; w < procs; w++) {
		int status;
		while (waitpid(pids[w], &status, 0) < 0 && errno == EINTR)
			;
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			bad = 1;
	}
	/* figures */
	struct stats t = {0};
	size_t nl = 0, cap = 1024;
	double *lat = malloc(cap * sizeof *lat);
	char path[4096];
	for (int w = 0; w < procs; w++) {
		struct stats s = {0};
		snprintf(path, sizeof path, "%s/w%d.stat", out_dir, w);
		FILE *f = fopen(path, "r");
		if (!f || fscanf(f, "%ld %ld %ld %ld %ld %ld %lf %lf", &s.writes, &s.ok, &s.fail, &s.killed,
		                 &s.reads, &s.read_fail, &s.max_lat, &s.sum_lat) != 8)
			bad = 1;
		if (f)
			fclose(f);
		t.writes += s.writes; t.ok += s.ok; t.fail += s.fail; t.killed += s.killed;
		t.reads += s.reads; t.read_fail += s.read_fail; t.sum_lat += s.sum_lat;
		if (s.max_lat > t.max_lat)
			t.max_lat = s.max_lat;
		snprintf(path, sizeof path, "%s/w%d.lat", out_dir, w);
		f = fopen(path, "r");
		double x;
		while (f && fscanf(f, "%lf", &x) == 1) {
			if (nl == cap)
				lat = realloc(lat, (cap *= 2) * sizeof *lat);
			lat[nl++] = x;
		}
		if (f)
			fclose(f);
	}
	qsort(lat, nl, sizeof *lat, cmp_double);
	double p50 = nl ? lat[nl / 2] : 0, p99 = nl ? lat[nl * 99 / 100] : 0;
	printf("processes %d, writes %ld, saved %ld, failed %ld, killed %ld, reads %ld, reads failed %ld, "
	       "latency median %.0f ms, p99 %.0f ms, worst %.0f ms\n",
	       procs, t.writes, t.ok, t.fail, t.killed, t.reads, t.read_fail, p50 * 1000, p99 * 1000,
	       t.max_lat * 1000);
	free(lat);
	return bad ? 3 : 0;
}
