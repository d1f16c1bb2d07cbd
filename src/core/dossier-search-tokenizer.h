/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/*
 * FTS5's unicode61 tokenizer, made cheap for the search index's text.
 *
 * The index is fed dossier_search_text () (words already folded and
 * separated by single spaces), and unicode61 spent a tenth of a
 * refresh's writer looking every character of it up again. The tokenizer
 * registered here gives exactly the tokens and offsets unicode61 gives
 * for any text: a run of lower-case ASCII letters and digits between
 * ASCII separators is one token as it stands, another word is handed to
 * unicode61 itself, and a word unicode61 returned unchanged is
 * remembered as such. Since the tokens are the same, it is registered
 * under unicode61's own name: the schema names unicode61, a database
 * written with it is read by any SQLite, and no index needs rebuilding.
 */

/* On @db, before its search index is first used. */
gboolean  dossier_search_tokenizer_register (sqlite3  *db,
                                             GError  **error);

G_END_DECLS
