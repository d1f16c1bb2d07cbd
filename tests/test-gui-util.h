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

/* Runs the main loop @times times without blocking, a millisecond apart. */
void test_iterate (guint times);

/* The mapped top-level window of @type (a dialog, the compare window), or
 * NULL. */
GtkWindow *test_shown_toplevel (GType type);

/* Real input, as the X server delivers it (xdotool under Xvfb). */

/* Runs xdotool with the NULL-terminated @args while the main loop runs,
 * so that the window answers what the X server sends it; fails the test
 * if xdotool fails. Returns what xdotool printed. */
char *test_xdotool_v (const char * const *args);
#define test_xdotool(...) g_free (test_xdotool_v ((const char *[]) { __VA_ARGS__, NULL }))

/* The X window that holds @widget, as xdotool names it. */
char *test_xid_of (GtkWidget *widget);

/* Moves the pointer to (@x, @y) in @widget's coordinates, then does
 * @then (NULL, or an xdotool command and its argument, such as "click",
 * "1"). */
void test_pointer_to (GtkWidget  *widget,
                      double      x,
                      double      y,
                      const char *then,
                      const char *argument);

/* A press and a release of the primary button in the middle of @widget,
 * which must be on screen. */
void test_click (GtkWidget *widget);

G_END_DECLS
