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

G_END_DECLS
