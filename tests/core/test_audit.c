#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/audit.h"
#include "core/fd.h"
#include "core/sha256.h"
#include "core/upkeep.h"

#define NOW 1795000000

/* ---- sha256: the FIPS 180-4 examples ---- */

static void expect_sha(const char *in, size_t len, const char *want)
{
	char got[65];
	sha256_hex(in, len, got);
	cr_expect_str_eq(got, want, "sha256 of %zu bytes", len);
}

Test(sha256, empty)
{
	expect_sha("", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

Test(sha256, known_vectors)
{
	expect_sha("abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	expect_sha(two, strlen(two), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

Test(sha256, million_a_in_pieces)
{
	struct sha256 s;
	unsigned char d[32];
	char piece[1000];
	memset(piece, 'a', sizeof piece);
	sha256_init(&s);
	for (int i = 0; i < 1000; i++)
		sha256_update(&s, piece, sizeof piece);
	sha256_final(&s, d);
	static const unsigned char want[4] = {0xcd, 0xc7, 0x6e, 0x5c};
	cr_expect(memcmp(d, want, 4) == 0, "sha256 of a million 'a'");
}

Test(sha256, block_boundaries)
{
	/* 55, 56 and 64 bytes: the padding edge cases, against one-shot */
	char buf[64];
	memset(buf, 'x', sizeof buf);
	for (size_t n = 55; n <= 64; n++) {
		struct sha256 s;
		unsigned char d[32];
		char a[65], b[65];
		sha256_hex(buf, n, a);
		sha256_init(&s);
		for (size_t i = 0; i < n; i++)
			sha256_update(&s, buf + i, 1);
		sha256_final(&s, d);
		for (int i = 0; i < 32; i++)
			snprintf(b + 2 * i, 3, "%02x", d[i]);
		cr_expect_str_eq(a, b, "%zu bytes fed one at a time", n);
	}
}

/* ---- audit_hash ---- */

Test(audit_hash, null_prev_is_empty_prev)
{
	char a[65], b[65];
	audit_hash(NULL, NOW, 1000, "call.log", "call", 7, a);
	audit_hash("", NOW, 1000, "call.log", "call", 7, b);
	cr_expect_str_eq(a, b);
	cr_expect_eq(strlen(a), 64);
}

Test(audit_hash, every_field_counts)
{
	char base[65], h[65];
	audit_hash("p", NOW, 1000, "call.log", "call", 7, base);
	audit_hash("q", NOW, 1000, "call.log", "call", 7, h);
	cr_expect_str_neq(base, h, "prev");
	audit_hash("p", NOW + 1, 1000, "call.log", "call", 7, h);
	cr_expect_str_neq(base, h, "at");
	audit_hash("p", NOW, 1001, "call.log", "call", 7, h);
	cr_expect_str_neq(base, h, "uid");
	audit_hash("p", NOW, 1000, "call.add", "call", 7, h);
	cr_expect_str_neq(base, h, "action");
	audit_hash("p", NOW, 1000, "call.log", "calls", 7, h);
	cr_expect_str_neq(base, h, "entity");
	audit_hash("p", NOW, 1000, "call.log", "call", 8, h);
	cr_expect_str_neq(base, h, "entity_id");
	/* fields cannot slide into each other */
	audit_hash("p", NOW, 1000, "call.lo", "gcall", 7, h);
	cr_expect_str_neq(base, h, "action/entity boundary");
}

/* ---- the chain through the domain ---- */

Test(audit_chain, fresh_database_verifies)
{
	struct fd_open_opts o = {.memory = 1, .uid_override = 0};
	struct fd *fd = NULL;
	struct fd_err err = {0};
	struct fd_verify v;
	cr_assert_eq(fd_open(&o, &fd, &err), 0, "%s", err.msg);
	cr_assert_eq(fd_init(fd, 49, NOW, &err), 0, "%s", err.msg);
	struct fd_staff_input s = {.name = "Anna Berg", .login = "anna"};
	long long id;
	cr_assert_eq(fd_staff_add(fd, &s, NOW, &id, &err), 0, "%s", err.msg);
	cr_assert_eq(fd_verify(fd, &v, &err), 0, "%s", err.msg);
	cr_expect_null(v.problem, "%s", v.problem);
	cr_expect_eq(v.rows, 2);
	cr_expect_eq(v.unchained, 0);
	cr_expect_eq(strlen(v.head), 64);
	fd_verify_clear(&v);
	fd_close(&fd);
}

/* ---- place_check ---- */

Test(place, missing_directory_is_named)
{
	char msg[512];
	cr_expect_eq(place_check("/nonexistent-frontdesk-dir/x.db", 1, msg, sizeof msg), PLACE_BAD);
	cr_expect(strstr(msg, "/nonexistent-frontdesk-dir") && strstr(msg, "does not exist"), "%s", msg);
}

Test(place, missing_file_is_left_to_the_open)
{
	char dir[] = "/tmp/frontdesk-place-XXXXXX", path[64], msg[512];
	cr_assert_not_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/x.db", dir);
	cr_expect_eq(place_check(path, 0, msg, sizeof msg), PLACE_OK);
	cr_expect_eq(place_check(path, 1, msg, sizeof msg), PLACE_OK);
	cr_expect_neq(access(path, F_OK), 0, "the check creates nothing");
	rmdir(dir);
}
