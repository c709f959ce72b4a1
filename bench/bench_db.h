/* bench_db: search and report figures through the real store. */
#ifndef FRONTDESK_BENCH_DB_H
#define FRONTDESK_BENCH_DB_H

/* dir: the public data (../shared/bench); path: the benchmark database,
 * built on first use. */
void bench_db(const char *dir, const char *path);

#endif
