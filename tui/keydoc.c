/* keydoc: the man page's key list, from the same table as the help overlay. */
#include "tui/keydoc.h"
#include "tui/keys.h"
#include "tui/widgets.h"

#include <string.h>

/* mdoc needs backslashes and leading dots escaped */
static void mdoc_text(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\')
			fputs("\\e", f);
		else
			fputc(*s, f);
	}
}

static void emit(void *ctx, int is_title, const char *key, const char *text)
{
	FILE *f = ctx;
	static int open;
	if (is_title) {
		if (open)
			fputs(".El\n", f);
		fputs(".Ss ", f);
		mdoc_text(f, text);
		fputs("\n.Bl -tag -width Ds -compact\n", f);
		open = 1;
		return;
	}
	fputs(".It Ic ", f);
	if (strchr(key, ' ') || strchr(key, '"'))
		fprintf(f, "\"%s\"", key);
	else if (key[0] == '.' || key[0] == '\'' || strlen(key) == 1)
		fprintf(f, "\\&%s", key);
	else
		mdoc_text(f, key);
	fputc('\n', f);
	mdoc_text(f, text);
	fputc('\n', f);
}

void ui_keys_mdoc(FILE *f)
{
	enum key_context all[KEYCTX_COUNT + 1];
	for (int i = 0; i < KEYCTX_COUNT; i++)
		all[i] = (enum key_context)i;
	all[KEYCTX_COUNT] = KEYCTX_COUNT;
	ui_key_help(all, emit, f);
	fputs(".El\n", f);
}
