/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "dossier-records.h"

G_BEGIN_DECLS

typedef enum {
  DOSSIER_CITATION_TEXT,        /* one line: author, “title”, outlet, date. link */
  DOSSIER_CITATION_MARKDOWN,
  DOSSIER_CITATION_BIBTEX,
} DossierCitationStyle;

/* Is @a an Arabic story (its language, else its title's script)? A
 * citation is written in its story's language: Arabic, else English. */
gboolean  dossier_citation_is_arabic   (const DossierArticle *a);

/* The story's date as a citation gives it: "15 July 2025", "15 يوليو
 * 2025"; NULL without a date. */
char     *dossier_citation_date        (gint64                date,
                                        gboolean              arabic);

/* A citation of @a (outlet: its feed's title) in @style, in the story's
 * language. @accessed (seconds) is the day it was read, for BibTeX's
 * urldate. Never NULL. */
char     *dossier_citation_format      (const DossierArticle *a,
                                        DossierCitationStyle  style,
                                        gint64                accessed);

/* Text made safe for Markdown: its punctuation escaped, line breaks as
 * spaces. */
char     *dossier_markdown_escape      (const char           *text);

/* Appends one story of a Markdown brief: its title as a linked heading,
 * the outlet and date, and @first_paragraph (may be NULL). */
void      dossier_brief_append_story   (GString              *out,
                                        const DossierArticle *a,
                                        const char           *first_paragraph);

/* The first paragraph of a text that keeps its paragraphs one a line:
 * its first line with words in it, or NULL. */
char     *dossier_first_paragraph      (const char           *text);

G_END_DECLS
