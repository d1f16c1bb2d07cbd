/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Lays @widget out right to left for Arabic @text even in an English
 * interface, and the other way round; neutral text follows the interface. */
void  dossier_widget_set_direction_from_text (GtkWidget  *widget,
                                              const char *text);

/* "a · b · c" from the parts that are not NULL, each isolated so that an
 * Arabic feed name beside an English author keeps its place, in the order
 * of @widget's direction whatever the parts hold. */
char *dossier_bidi_join                      (GtkWidget          *widget,
                                              const char * const *parts,
                                              guint               n_parts);

/* @text in an isolate of its own direction (LRI or RLI … PDI), for a label
 * whose base direction is the interface's: "US designer … models." keeps
 * its full stop at its end in an Arabic interface. NULL stays NULL. */
char *dossier_bidi_isolate                   (const char *text);

/* Whether @line, whose direction is @direction (as dossier_direction_of ()
 * gives it), needs a mark to be laid out so: its first strong letter is of
 * the other direction ("Nvidia تعود…"). */
gboolean dossier_bidi_needs_mark             (const char *line,
                                              int         direction);

/* @text with a mark of its own direction (RLM or LRM, by the rule of
 * dossier_direction_of ()) at the start of each line that needs one. A GtkLabel, a
 * notification or GNOME Shell's search results take a paragraph's
 * direction from its first strong letter: marked, "Nvidia تعود إلى…"
 * reads right to left as a whole. Neutral lines are left as they are; NULL
 * stays NULL. */
char *dossier_bidi_mark                      (const char *text);

/* Sets @label's text marked as dossier_bidi_mark () does, and its
 * direction (and so its alignment) from the text. */
void  dossier_label_set_text_directed        (GtkLabel   *label,
                                              const char *text);

/* The length in bytes of the mark dossier_bidi_mark () puts before a
 * single line (0 or 3), for code that maps layout offsets to the text. */
gsize dossier_bidi_mark_length               (const char *line);

G_END_DECLS
