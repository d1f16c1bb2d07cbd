/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Draws @widget once it is mapped and laid out, a few frames later so
 * that styles and transitions have settled, and saves it as
 * <G_TEST_BUILDDIR>/screenshots/@name-en.png (-ar.png when LANGUAGE is
 * Arabic). */
void test_save_screenshot (GtkWidget  *widget,
                           const char *name);

G_END_DECLS
