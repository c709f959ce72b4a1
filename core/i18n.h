/*
 * i18n: messages for people go through gettext: _("text") where the text is
 * used, N_("text") in tables translated later with _(table[i]).
 * The catalog is bound in main (tui/main.c); core only marks strings.
 */
#ifndef FRONTDESK_I18N_H
#define FRONTDESK_I18N_H

#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)

#endif
