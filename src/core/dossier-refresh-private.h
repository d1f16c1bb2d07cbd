/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* For benchmarks and profilers: batches of exactly @stories stories or
 * more (the last one excepted), however long they take to arrive, so
 * that a run under callgrind commits as a quick run does and two builds
 * compare on the same batches. 0 restores the time-bound batches. */
void dossier_refresh_set_fixed_batches (guint stories);

G_END_DECLS
