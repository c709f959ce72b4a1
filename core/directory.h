/* directory: the search index over staff and contacts (see fd_search). */
#ifndef FRONTDESK_DIRECTORY_H
#define FRONTDESK_DIRECTORY_H

struct directory;
void directory_free(struct directory **d);

#endif
