/* keydoc: print the key table as mdoc for frontdesk(1) (scripts/mkman.sh). */
#ifndef FRONTDESK_KEYDOC_H
#define FRONTDESK_KEYDOC_H

#include <stdio.h>

void ui_keys_mdoc(FILE *f);

#endif
