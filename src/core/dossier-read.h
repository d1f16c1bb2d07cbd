/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The most any file given to Dossier is read of: an OPML file, a feed
 * or a page given by name. */
#define DOSSIER_READ_MAX (64 * 1024 * 1024)

/* Reads @file (a path, a file:// URI, a pipe, /dev/stdin, ...) as a
 * stream, and stops with DOSSIER_ERROR_TOO_LARGE as soon as it holds
 * more than @max bytes: /dev/zero is refused after @max bytes, not read
 * until memory runs out. Other failures are GIO's errors with the file's
 * name in the message. */
GBytes *dossier_read_file        (GFile                *file,
                                  gsize                 max,
                                  GCancellable         *cancellable,
                                  GError              **error);

/* The same in a worker thread. */
void    dossier_read_file_async  (GFile                *file,
                                  gsize                 max,
                                  GCancellable         *cancellable,
                                  GAsyncReadyCallback   callback,
                                  gpointer              user_data);
GBytes *dossier_read_file_finish (GAsyncResult         *result,
                                  GError              **error);

G_END_DECLS
