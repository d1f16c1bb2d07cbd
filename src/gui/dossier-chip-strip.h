/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define DOSSIER_TYPE_CHIP_STRIP (dossier_chip_strip_get_type ())

G_DECLARE_FINAL_TYPE (DossierChipStrip, dossier_chip_strip, DOSSIER, CHIP_STRIP, GtkWidget)

/* The entity chips of a timeline row: as many whole names as the width
 * holds, in the widget's direction, then a "+N" chip for the rest. A name
 * is never cut short: "Nvidia" and "Nvidia H20" must not both read
 * "Nvi…". Drawn by the widget itself, one text layout a chip kept from one
 * binding to the next, as a list of thousands of rows needs. */
GtkWidget  *dossier_chip_strip_new       (void);
/* @names: the first names to offer (at most DOSSIER_CHIP_STRIP_MAX are
 * kept); @total: how many there are in all, counted by the "+N" chip. */
void        dossier_chip_strip_set_names (DossierChipStrip   *self,
                                          const char * const *names,
                                          guint               n_names,
                                          guint               total);
/* How many names the last allocation showed whole, and the "+N" chip's
 * text ("" when there is none). */
guint       dossier_chip_strip_get_shown (DossierChipStrip *self);
const char *dossier_chip_strip_get_more  (DossierChipStrip *self);
/* The name of chip @index, or NULL. */
const char *dossier_chip_strip_get_name  (DossierChipStrip *self,
                                          guint             index);

#define DOSSIER_CHIP_STRIP_MAX 4

G_END_DECLS
