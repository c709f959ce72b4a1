/*
 * queue: the callback queue screen.  An employee lands here on their own
 * open callbacks; reception and supervisors open anyone's (o on the queue,
 * F8 from the switchboard).  See tui/queue.c.
 */
#ifndef FRONTDESK_TUI_QUEUE_H
#define FRONTDESK_TUI_QUEUE_H

#include "tui/screen.h"

extern const struct screen_ops queue_ops;

#endif
