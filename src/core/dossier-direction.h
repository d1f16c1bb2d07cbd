/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The base direction of @text as a whole: 1 right to left (Arabic,
 * Hebrew, Syriac, Thaana, N'Ko), -1 left to right, 0 none; the direction
 * whose letters predominate, the first strong letter's on a tie. */
int dossier_direction_of (const char *text);

G_END_DECLS
