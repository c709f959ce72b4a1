/*
 * review: the supervisor's screen.  The missed-call log with its lists,
 * filters and sorting, the figures for a period and terminal charts, all
 * from core/report.h.  Supervisors land here; admins open it with F9 from
 * the switchboard; anyone else who opens it is refused.  See tui/review.c.
 */
#ifndef FRONTDESK_TUI_REVIEW_H
#define FRONTDESK_TUI_REVIEW_H

#include "tui/screen.h"

extern const struct screen_ops review_ops;

#endif
