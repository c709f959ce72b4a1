#include "tui/cli.h"

#include <libintl.h>
#include <limits.h>
#include <locale.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef LOCALEDIR
#define LOCALEDIR "/usr/local/share/locale"
#endif

/* The message catalogs: FRONTDESK_LOCALEDIR, else build/locale beside the
 * program when it runs from its source tree, else the installed ones. */
static void bind_messages(void)
{
	static char dir[PATH_MAX];
	const char *env = getenv("FRONTDESK_LOCALEDIR");
	const char *use = LOCALEDIR;
	struct stat sb;
	if (env && *env) {
		use = env;
	} else {
		ssize_t n = readlink("/proc/self/exe", dir, sizeof dir - 20);
		if (n > 0) {
			dir[n] = '\0';
			char *slash = strrchr(dir, '/');
			/* ./frontdesk beside build/, or build-asan/frontdesk beside its locale/ */
			static const char *const tries[] = {"/build/locale", "/locale"};
			int found = 0;
			for (size_t i = 0; slash && i < 2 && !found; i++) {
				strcpy(slash, tries[i]);
				if (stat(dir, &sb) == 0 && S_ISDIR(sb.st_mode)) {
					use = dir;
					found = 1;
				}
			}
		}
	}
	bindtextdomain("frontdesk", use);
	bind_textdomain_codeset("frontdesk", "UTF-8");
	textdomain("frontdesk");
}

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	bind_messages();
	/* callers' names and numbers never end up in a core dump */
	struct rlimit no_core = {0, 0};
	setrlimit(RLIMIT_CORE, &no_core);
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	/* a file-size limit (ulimit -f) comes back from write() as EFBIG, and
	 * so as a message, instead of killing us */
	signal(SIGXFSZ, SIG_IGN);
	return cli_main(argc, argv);
}
