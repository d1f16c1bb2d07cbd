/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "dossier-document.h"

G_BEGIN_DECLS

/* The main text of an article's web page. */
typedef struct {
  char            *title;       /* the page's headline, or NULL */
  char            *text;        /* the paragraphs, one a line */
  GStrv            paragraphs;
  char            *html;        /* the main text as plain, attribute-free HTML:
                                   what is stored, to be shown formatted */
  DossierDocument *document;
} DossierExtract;

/* Reads @html (a whole page, @length bytes, in @charset or what the page
 * declares; UTF-8 when it is valid UTF-8) with libxml2's HTML parser and
 * finds its main text: blocks are scored by their text, their share of
 * link text and the class and id hints around them (article, content,
 * comment, sidebar, related, share, ...), and the element holding the
 * most article-like text and the least of the rest is kept, cleaned of
 * what is not article inside it. @url resolves its links and pictures.
 * DOSSIER_ERROR_INVALID when the page has no article text. */
DossierExtract *dossier_extract          (const char  *html,
                                          gsize        length,
                                          const char  *url,
                                          const char  *charset,
                                          GError     **error);
void            dossier_extract_free     (DossierExtract *extract);

/* `extract --json`: {"title", "text", "paragraphs": [..]}. */
JsonNode       *dossier_extract_to_json  (const DossierExtract *extract);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierExtract, dossier_extract_free)

G_END_DECLS
