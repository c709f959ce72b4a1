/*
 * shell: `frontdesk shell`, a line-mode prompt for the same commands as the
 * command line (libedit: history, Tab completion).  Each line is split the
 * way sh splits words (quotes, backslash) and run by cli_main with the
 * global options the shell was started with.  From a pipe it runs a script:
 * no prompt, and the first failing line stops it with its line number.
 */
#include "tui/cli.h"
#include "tui/cmd.h"
#include "core/config.h"
#include "core/fd.h"
#include "core/i18n.h"
#include "core/text.h"
#include "core/util.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <histedit.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SHELL_MAX_WORDS 72
#define HISTORY_SIZE 1000

struct shell {
	const char *db_path, *as;  /* the shell's own global options */
	int json;
	struct fd *fd;             /* for completing names; opened on first Tab */
	int fd_failed;
	EditLine *el;
	History *hist;
	char *hist_path;
};

/* ---- splitting a line into words ---- */

struct words {
	char *w[SHELL_MAX_WORDS];
	int n;
	size_t last_start;         /* byte offset where the last word began */
	int open_quote;            /* the line ended inside quotes ('\'' or '"') */
	int trailing_space;        /* the line ended between words */
};

static void words_clear(struct words *ws)
{
	for (int i = 0; i < ws->n; i++)
		free(ws->w[i]);
	memset(ws, 0, sizeof *ws);
}

/*
 * Split like sh: '...' literal, "..." with \" \\ \$ \` escapes, a backslash
 * outside quotes takes the next character literally, # starts a comment at
 * the start of a word.  0 ok, -1 too many words.  An unterminated quote is
 * reported in open_quote (completion splits half-typed lines).
 */
static int split_line(const char *s, size_t len, struct words *ws)
{
	struct sbuf b = SBUF_INIT;
	int in_word = 0;
	char q = 0;
	memset(ws, 0, sizeof *ws);
	ws->trailing_space = 1;
	for (size_t i = 0; i < len; i++) {
		char ch = s[i];
		if (!q && !in_word) {
			if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r')
				continue;
			if (ch == '#')
				break;
			in_word = 1;
			ws->last_start = i;
			ws->trailing_space = 0;
			sbuf_str(&b);
		}
		if (q == '\'') {
			if (ch == '\'')
				q = 0;
			else
				sbuf_addc(&b, ch);
		} else if (q == '"') {
			if (ch == '"')
				q = 0;
			else if (ch == '\\' && i + 1 < len && strchr("\"\\$`", s[i + 1]))
				sbuf_addc(&b, s[++i]);
			else
				sbuf_addc(&b, ch);
		} else if (ch == '\'' || ch == '"') {
			q = ch;
		} else if (ch == '\\') {
			if (i + 1 < len)
				sbuf_addc(&b, s[++i]);
		} else if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
			if (ws->n >= SHELL_MAX_WORDS - 1)
				goto too_many;
			ws->w[ws->n++] = sbuf_detach(&b);
			in_word = 0;
			ws->trailing_space = 1;
		} else {
			sbuf_addc(&b, ch);
		}
	}
	ws->open_quote = q;
	if (in_word) {
		if (ws->n >= SHELL_MAX_WORDS - 1)
			goto too_many;
		ws->w[ws->n++] = sbuf_detach(&b);
	}
	return 0;
too_many:
	sbuf_reset(&b);
	return -1;
}

/* ---- running one line ---- */

static int shell_run_words(struct shell *sh, struct words *ws)
{
	char *argv[SHELL_MAX_WORDS + 8];
	int argc = 0;
	int first = 0;
	/* "frontdesk search x" typed out of habit: the same as "search x" */
	if (ws->n > 1 && strcmp(ws->w[0], "frontdesk") == 0)
		first = 1;
	if (ws->w[first][0] == '-') {
		fprintf(stderr, "frontdesk: %s\n", _("a command comes first, options after it; 'help' lists the commands"));
		return 2;
	}
	if (strcmp(ws->w[first], "shell") == 0) {
		fprintf(stderr, "frontdesk: %s\n", _("this is the shell already"));
		return 2;
	}
	argv[argc++] = "frontdesk";
	if (sh->db_path) {
		argv[argc++] = "--db";
		argv[argc++] = (char *)sh->db_path;
	}
	if (sh->as) {
		argv[argc++] = "--as";
		argv[argc++] = (char *)sh->as;
	}
	if (sh->json)
		argv[argc++] = "--json";
	/* global options after "--" would be read as arguments: keep them first */
	for (int i = first; i < ws->n; i++)
		argv[argc++] = ws->w[i];
	argv[argc] = NULL;
	int rc = cli_main(argc, argv);
	fflush(stdout);
	fflush(stderr);
	return rc;
}

static int is_quit(const struct words *ws)
{
	return ws->n == 1 && (strcmp(ws->w[0], "quit") == 0 || strcmp(ws->w[0], "exit") == 0);
}

static void shell_help_note(void)
{
	fputs(_("In the shell, type a command without 'frontdesk' (\"search maier\"); Tab completes\n"
	       "commands, options, logins and names; 'quit', 'exit' or Ctrl-D leaves.\n\n"), stdout);
}

/*
 * Run a command with its messages to stderr captured, then print them with
 * the script's line number after "frontdesk: ".
 */
static int run_numbered(struct shell *sh, struct words *ws, size_t lineno)
{
	FILE *tmp = tmpfile();
	int saved = -1, rc;
	fflush(stderr);
	if (tmp) {
		saved = dup(STDERR_FILENO);
		if (saved >= 0)
			dup2(fileno(tmp), STDERR_FILENO);
	}
	rc = shell_run_words(sh, ws);
	fflush(stderr);
	if (saved >= 0) {
		dup2(saved, STDERR_FILENO);
		close(saved);
	}
	if (!tmp)
		return rc;
	rewind(tmp);
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	while ((len = getline(&line, &cap, tmp)) > 0) {
		if (strncmp(line, "frontdesk: ", 11) == 0)
			fprintf(stderr, _("frontdesk: line %zu: %s"), lineno, line + 11);
		else
			fputs(line, stderr);
		if (line[len - 1] != '\n')
			fputc('\n', stderr);
	}
	free(line);
	fclose(tmp);
	return rc;
}

/* A script from a pipe: every line a command, stop at the first failure. */
static int shell_batch(struct shell *sh, FILE *in)
{
	char *line = NULL;
	size_t cap = 0, lineno = 0;
	ssize_t len;
	int rc = 0;
	while ((len = getline(&line, &cap, in)) >= 0) {
		struct words ws;
		lineno++;
		if (memchr(line, '\0', (size_t)len)) {
			fprintf(stderr, _("frontdesk: line %zu: holds a NUL byte; is this a text file?\n"), lineno);
			rc = 2;
			break;
		}
		if (split_line(line, (size_t)len, &ws) != 0) {
			fprintf(stderr, _("frontdesk: line %zu: more than %d words\n"), lineno, SHELL_MAX_WORDS - 2);
			rc = 2;
			break;
		}
		if (ws.open_quote) {
			fprintf(stderr, ws.open_quote == '"' ? _("frontdesk: line %zu: a double quote is not closed\n")
			                : _("frontdesk: line %zu: a single quote is not closed\n"), lineno);
			words_clear(&ws);
			rc = 2;
			break;
		}
		if (ws.n == 0) {
			words_clear(&ws);
			continue;
		}
		if (is_quit(&ws)) {
			words_clear(&ws);
			break;
		}
		rc = run_numbered(sh, &ws, lineno);
		words_clear(&ws);
		if (rc != 0)
			break;
	}
	free(line);
	return rc;
}

/* ---- history ---- */

static char *history_path(void)
{
	const char *x = getenv("XDG_DATA_HOME");
	if (x && *x == '/')
		return xasprintf("%s/frontdesk/history", x);
	const char *home = getenv("HOME");
	if (!home || !*home)
		return NULL;
	return xasprintf("%s/.local/share/frontdesk/history", home);
}

static void make_dirs(const char *path)
{
	char *p = xstrdup(path);
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		mkdir(p, 0700);
		*s = '/';
	}
	free(p);
}

/* The history is private (what was searched for, who called): 0600. */
static void history_save(struct shell *sh)
{
	HistEvent ev;
	if (!sh->hist_path)
		return;
	make_dirs(sh->hist_path);
	int fdno = open(sh->hist_path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fdno < 0)
		return;
	fchmod(fdno, 0600);
	close(fdno);
	history(sh->hist, &ev, H_SAVE, sh->hist_path);
}

/* ---- completion ---- */

struct cands {
	char **v;
	size_t n, cap;
};

static void cands_add(struct cands *c, const char *s)
{
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->v[i], s) == 0)
			return;
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 16;
		c->v = xrealloc(c->v, c->cap * sizeof *c->v);
	}
	c->v[c->n++] = xstrdup(s);
}

static void cands_free(struct cands *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->v[i]);
	free(c->v);
	memset(c, 0, sizeof *c);
}

static int starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Case- and accent-blind prefix test: "mul" matches "Müller". */
static int folded_starts(const char *s, const char *prefix)
{
	char *a = text_fold(s), *b = text_fold(prefix);
	int r = starts(a, b);
	free(a);
	free(b);
	return r;
}

static void add_words_from(struct cands *c, const char *const *list, const char *partial)
{
	for (size_t i = 0; list[i]; i++)
		if (starts(list[i], partial))
			cands_add(c, list[i]);
}

static struct fd *shell_fd(struct shell *sh)
{
	if (sh->fd || sh->fd_failed)
		return sh->fd;
	struct fd_open_opts o = {0};
	struct fd_err err;
	o.db_path = sh->db_path;
	o.as_login = sh->as;
	o.uid_override = -1;
	struct fd_config conf;
	if (config_load_all(&conf, &err) != 0) {
		config_clear(&conf);
		sh->fd_failed = 1;
		return NULL;
	}
	if (!o.db_path && !(getenv("FRONTDESK_DB") && *getenv("FRONTDESK_DB")))
		o.db_path = conf.db_path;
	if (fd_open(&o, &sh->fd, &err) != 0)
		sh->fd_failed = 1;
	config_clear(&conf);
	return sh->fd;
}

static void add_logins(struct shell *sh, struct cands *c, const char *partial)
{
	struct fd *fd = shell_fd(sh);
	struct staff *list;
	size_t n;
	struct fd_err err;
	if (!fd || fd_staff_list(fd, &list, &n, &err) != 0)
		return;
	for (size_t i = 0; i < n; i++)
		if (list[i].login && starts(list[i].login, partial))
			cands_add(c, list[i].login);
	db_staff_free_list(list, n);
}

/* Words of staff and contact names found by fd_search: "mai" -> "Maier". */
static void add_names(struct shell *sh, struct cands *c, const char *partial)
{
	struct fd *fd = shell_fd(sh);
	struct fd_hit *hits;
	size_t n;
	struct fd_err err;
	if (!fd || !*partial)
		return;
	fd_search_refresh(fd, time(NULL), &err);
	if (fd_search(fd, partial, 20, time(NULL), &hits, &n, &err) != 0)
		return;
	size_t before = c->n;
	for (size_t i = 0; i < n; i++) {
		const char *name = hits[i].is_staff ? hits[i].staff.name : hits[i].contact.name;
		if (!name)
			continue;
		if (folded_starts(name, partial) && strchr(name, ' ') == NULL) {
			cands_add(c, name);
			continue;
		}
		/* the word of the name that the partial word starts */
		const char *p = name;
		while (*p) {
			size_t wl = strcspn(p, " ");
			char *w = xstrndup(p, wl);
			if (folded_starts(w, partial))
				cands_add(c, w);
			free(w);
			p += wl;
			p += strspn(p, " ");
		}
	}
	/* nothing starts so (typed "mei" for Maier): offer what the search found */
	if (c->n == before)
		for (size_t i = 0; i < n && i < 8; i++) {
			const char *name = hits[i].is_staff ? hits[i].staff.name : hits[i].contact.name;
			if (name)
				cands_add(c, name);
		}
	fd_hits_free(hits, n);
}

static void add_files(struct cands *c, const char *partial)
{
	const char *slash = strrchr(partial, '/');
	char *dir = slash ? xstrndup(partial, (size_t)(slash - partial) + 1) : xstrdup("");
	const char *base = slash ? slash + 1 : partial;
	DIR *d = opendir(*dir ? dir : ".");
	struct dirent *e;
	if (!d) {
		free(dir);
		return;
	}
	while ((e = readdir(d)) != NULL) {
		if (!starts(e->d_name, base) || (e->d_name[0] == '.' && base[0] != '.'))
			continue;
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		char *full = xasprintf("%s%s", dir, e->d_name);
		struct stat sb;
		if (stat(full, &sb) == 0 && S_ISDIR(sb.st_mode)) {
			char *withslash = xasprintf("%s/", full);
			cands_add(c, withslash);
			free(withslash);
		} else {
			cands_add(c, full);
		}
		free(full);
	}
	closedir(d);
	free(dir);
}

static const char *const results[] = {"reached", "no-answer", "busy", "voicemail", "wrong-number", NULL};
static const char *const outcomes[] = {"connected", "unreached", "message", NULL};
static const char *const roles[] = {"receptionist", "employee", "supervisor", "admin", NULL};
static const char *const statuses[] = {"in", "out", "meeting", "lunch", "vacation", "sick", NULL};
static const char *const formats[] = {"csv", "json", "vcard", NULL};
static const char *const bys[] = {"department", "hour", "weekday", "person", NULL};
static const char *const lists[] = {"all", "never", "overdue", "repeat", "after-hours", NULL};
static const char *const exports[] = {"calls", "callbacks", "contacts", NULL};
static const char *const imports[] = {"staff", "contacts", NULL};

/* What may follow `--name` of cmd: 1 logins, 2 a file, 0 names; *fixed a list. */
static int option_values(const char *opt_name, const char *const **fixed)
{
	*fixed = NULL;
	if (!strcmp(opt_name, "for") || !strcmp(opt_name, "deputy"))
		return 1;
	if (!strcmp(opt_name, "output"))
		return 2;
	if (!strcmp(opt_name, "result"))
		*fixed = results;
	else if (!strcmp(opt_name, "outcome"))
		*fixed = outcomes;
	else if (!strcmp(opt_name, "role"))
		*fixed = roles;
	else if (!strcmp(opt_name, "format"))
		*fixed = formats;
	else if (!strcmp(opt_name, "by"))
		*fixed = bys;
	else if (!strcmp(opt_name, "list"))
		*fixed = lists;
	return 0;
}

/* Candidates for the word being typed, given the whole words before it. */
static void shell_candidates(struct shell *sh, struct words *ws, const char *partial,
                             struct cands *c)
{
	size_t ncmd;
	const struct cmd *table = cli_command_table(&ncmd);
	int nbefore = ws->n;       /* complete words before the partial one */
	char **w = ws->w;
	if (nbefore > 0 && strcmp(w[0], "frontdesk") == 0) {
		w++;
		nbefore--;
	}

	if (nbefore == 0) {
		for (size_t i = 0; i < ncmd; i++) {
			size_t first = strcspn(table[i].name, " ");
			char *word = xstrndup(table[i].name, first);
			if (starts(word, partial) && strcmp(word, "shell") != 0)
				cands_add(c, word);
			free(word);
		}
		if (starts("quit", partial))
			cands_add(c, "quit");
		if (starts("exit", partial))
			cands_add(c, "exit");
		return;
	}
	/* the command: two words ("staff add") or one */
	const struct cmd *cmd = NULL;
	int used = 0;
	for (size_t i = 0; i < ncmd && nbefore >= 2; i++) {
		size_t l0 = strlen(w[0]);
		if (!strncmp(table[i].name, w[0], l0) && table[i].name[l0] == ' ' &&
		    !strcmp(table[i].name + l0 + 1, w[1])) {
			cmd = &table[i];
			used = 2;
		}
	}
	for (size_t i = 0; i < ncmd && !cmd; i++)
		if (!strcmp(table[i].name, w[0])) {
			cmd = &table[i];
			used = 1;
		}
	if (!cmd) {
		if (nbefore == 1) {
			size_t l0 = strlen(w[0]);
			for (size_t i = 0; i < ncmd; i++)
				if (!strncmp(table[i].name, w[0], l0) && table[i].name[l0] == ' ' &&
				    starts(table[i].name + l0 + 1, partial))
					cands_add(c, table[i].name + l0 + 1);
		}
		return;
	}
	if (partial[0] == '-') {
		for (int k = 0; k < MAX_OPTS && cmd->opts[k].name; k++) {
			char *o = xasprintf("--%s", cmd->opts[k].name);
			if (starts(o, partial))
				cands_add(c, o);
			free(o);
		}
		if (starts("--help", partial))
			cands_add(c, "--help");
		if (starts("--json", partial))
			cands_add(c, "--json");
		return;
	}
	/* a value for the option just before */
	const char *prev = nbefore > used ? w[nbefore - 1] : NULL;
	if (prev && prev[0] == '-' && prev[1] == '-' && !strchr(prev, '=')) {
		for (int k = 0; k < MAX_OPTS && cmd->opts[k].name; k++) {
			if (strcmp(cmd->opts[k].name, prev + 2) != 0 || !cmd->opts[k].has_arg)
				continue;
			const char *const *fixed;
			int kind = option_values(cmd->opts[k].name, &fixed);
			if (fixed)
				add_words_from(c, fixed, partial);
			else if (kind == 1)
				add_logins(sh, c, partial);
			else if (kind == 2)
				add_files(c, partial);
			else
				add_names(sh, c, partial);
			return;
		}
	}
	/* a positional argument: which one? */
	int pos = 0;
	for (int i = used; i < nbefore; i++) {
		if (w[i][0] == '-' && w[i][1] == '-') {
			for (int k = 0; k < MAX_OPTS && cmd->opts[k].name; k++)
				if (!strcmp(cmd->opts[k].name, w[i] + 2) && cmd->opts[k].has_arg)
					i++;
			continue;
		}
		pos++;
	}
	const char *name = cmd->name;
	if (!strcmp(name, "help")) {
		for (size_t i = 0; i < ncmd; i++) {
			if (pos == 0) {
				size_t first = strcspn(table[i].name, " ");
				char *word = xstrndup(table[i].name, first);
				if (starts(word, partial))
					cands_add(c, word);
				free(word);
			}
		}
		return;
	}
	if ((!strcmp(name, "presence") || !strcmp(name, "queue")) && pos == 0)
		add_logins(sh, c, partial);
	else if (!strcmp(name, "presence") && pos == 1)
		add_words_from(c, statuses, partial);
	else if (!strcmp(name, "callback reassign") && pos == 1)
		add_logins(sh, c, partial);
	else if (!strcmp(name, "export") && pos == 0)
		add_words_from(c, exports, partial);
	else if (!strcmp(name, "import") && pos == 0)
		add_words_from(c, imports, partial);
	else if ((!strcmp(name, "import") && pos == 1) || !strcmp(name, "backup"))
		add_files(c, partial);
	else if (pos < cmd->max_pos)
		add_names(sh, c, partial);
}

/* Quote a candidate for the line when it needs it. */
static char *quote_word(const char *s, int is_dir)
{
	if (s[strcspn(s, " \t'\"\\$`#;&|<>()*?")] == '\0')
		return xstrdup(s);
	struct sbuf b = SBUF_INIT;
	sbuf_addc(&b, '\'');
	for (const char *p = s; *p; p++)
		if (*p == '\'')
			sbuf_adds(&b, "'\\''");
		else
			sbuf_addc(&b, *p);
	if (!is_dir)
		sbuf_addc(&b, '\'');
	return sbuf_detach(&b);
}

static size_t utf8_chars(const char *s, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			k++;
	return k;
}

static int cand_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static unsigned char shell_complete(EditLine *el, int ch)
{
	struct shell *sh = NULL;
	const LineInfo *li = el_line(el);
	struct words ws;
	struct cands c = {0};
	unsigned char ret = CC_REFRESH_BEEP;
	(void)ch;
	el_get(el, EL_CLIENTDATA, &sh);
	size_t upto = (size_t)(li->cursor - li->buffer);
	if (split_line(li->buffer, upto, &ws) != 0)
		return CC_REFRESH_BEEP;
	/* the partial word is the last one unless the cursor follows a space */
	char *partial;
	size_t partial_bytes = 0;
	if (ws.trailing_space && !ws.open_quote) {
		partial = xstrdup("");
	} else {
		partial = ws.w[--ws.n];
		partial_bytes = upto - ws.last_start;
	}
	shell_candidates(sh, &ws, partial, &c);
	if (c.n == 1) {
		int dir = c.v[0][0] && c.v[0][strlen(c.v[0]) - 1] == '/';
		char *q = quote_word(c.v[0], dir);
		char *ins = xasprintf("%s%s", q, dir ? "" : " ");
		el_deletestr(el, (int)utf8_chars(li->buffer + ws.last_start, partial_bytes));
		el_insertstr(el, ins);
		free(q);
		free(ins);
		ret = CC_REFRESH;
	} else if (c.n > 1) {
		/* the longest common beginning first; the list on a second Tab */
		size_t common = strlen(c.v[0]);
		for (size_t i = 1; i < c.n; i++) {
			size_t k = 0;
			while (k < common && c.v[i][k] == c.v[0][k])
				k++;
			common = k;
		}
		while (common > 0 && ((unsigned char)c.v[0][common] & 0xC0) == 0x80)
			common--;
		if (common > strlen(partial) && starts(c.v[0], partial)) {
			char *pre = xstrndup(c.v[0], common);
			char *q = quote_word(pre, 1);
			el_deletestr(el, (int)utf8_chars(li->buffer + ws.last_start, partial_bytes));
			el_insertstr(el, q);
			free(q);
			free(pre);
			ret = CC_REFRESH;
		} else {
			qsort(c.v, c.n, sizeof *c.v, cand_cmp);
			fputc('\n', stdout);
			size_t width = 0;
			for (size_t i = 0; i < c.n; i++)
				if (text_width(c.v[i]) > width)
					width = text_width(c.v[i]);
			size_t per_line = 78 / (width + 2);
			if (per_line == 0)
				per_line = 1;
			for (size_t i = 0; i < c.n; i++) {
				fputs(c.v[i], stdout);
				if ((i + 1) % per_line == 0 || i + 1 == c.n)
					fputc('\n', stdout);
				else
					for (size_t s = text_width(c.v[i]); s < width + 2; s++)
						fputc(' ', stdout);
			}
			fflush(stdout);
			ret = CC_REDISPLAY;
		}
	}
	free(partial);
	cands_free(&c);
	words_clear(&ws);
	return ret;
}

/* ---- the interactive loop ---- */

static volatile sig_atomic_t interrupted;

static void on_sigint(int sig)
{
	(void)sig;
	interrupted = 1;
}

static char *prompt(EditLine *el)
{
	(void)el;
	return "frontdesk> ";
}

static int shell_interactive(struct shell *sh)
{
	HistEvent ev;
	int rc = 0;
	struct sigaction sa, old;

	sh->hist = history_init();
	history(sh->hist, &ev, H_SETSIZE, HISTORY_SIZE);
	history(sh->hist, &ev, H_SETUNIQUE, 1);
	sh->hist_path = history_path();
	if (sh->hist_path)
		history(sh->hist, &ev, H_LOAD, sh->hist_path);

	sh->el = el_init("frontdesk", stdin, stdout, stderr);
	el_set(sh->el, EL_CLIENTDATA, sh);
	el_set(sh->el, EL_PROMPT, prompt);
	el_set(sh->el, EL_EDITOR, "emacs");
	el_set(sh->el, EL_HIST, history, sh->hist);
	/* the wide form: the narrow one copies the strings and never frees them */
	el_wset(sh->el, EL_ADDFN, L"fd-complete", L"complete a command, option, login or name",
	        shell_complete);
	el_set(sh->el, EL_BIND, "^I", "fd-complete", NULL);
	el_source(sh->el, NULL);

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_sigint;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old); /* no SA_RESTART: Ctrl-C ends el_gets */

	printf(_("frontdesk %s shell; 'help' lists the commands, Tab completes, 'quit' or Ctrl-D leaves\n"),
	       FRONTDESK_VERSION);
	for (;;) {
		int count;
		interrupted = 0;
		const char *line = el_gets(sh->el, &count);
		if (!line) {
			if (interrupted || (count == -1 && errno == EINTR)) {
				fputc('\n', stdout);
				el_reset(sh->el);
				continue;
			}
			fputc('\n', stdout);
			break;
		}
		struct words ws;
		if (split_line(line, strlen(line), &ws) != 0) {
			fprintf(stderr, _("frontdesk: more than %d words on one line\n"), SHELL_MAX_WORDS - 2);
			rc = 2;
			continue;
		}
		if (ws.n > 0 || ws.open_quote) {
			/* a line starting with a space stays out of the history, and so
			 * does leaving */
			if (line[0] != ' ' && !is_quit(&ws)) {
				size_t el = strcspn(line, "\r\n");
				while (el > 0 && (line[el - 1] == ' ' || line[el - 1] == '\t'))
					el--;
				char *entry = xstrndup(line, el);
				history(sh->hist, &ev, H_ENTER, entry);
				free(entry);
				history_save(sh);
			}
		}
		if (ws.open_quote) {
			fprintf(stderr, "frontdesk: %s\n", ws.open_quote == '"' ? _("a double quote is not closed")
			                                                      : _("a single quote is not closed"));
			words_clear(&ws);
			rc = 2;
			continue;
		}
		if (ws.n == 0) {
			words_clear(&ws);
			continue;
		}
		if (is_quit(&ws)) {
			words_clear(&ws);
			break;
		}
		if (!strcmp(ws.w[0], "help") && ws.n == 1)
			shell_help_note();
		/* a command runs with the default Ctrl-C: it stops the program */
		sigaction(SIGINT, &old, NULL);
		rc = shell_run_words(sh, &ws);
		sigaction(SIGINT, &sa, NULL);
		words_clear(&ws);
	}
	sigaction(SIGINT, &old, NULL);
	el_end(sh->el);
	history_end(sh->hist);
	free(sh->hist_path);
	return rc;
}

int cmd_shell(struct ctx *c)
{
	struct shell sh = {0};
	int rc;
	cli_global_options(&sh.db_path, &sh.as, &sh.json);
	if (isatty(STDIN_FILENO))
		rc = shell_interactive(&sh);
	else
		rc = shell_batch(&sh, stdin);
	fd_close(&sh.fd);
	return rc;
}
