/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The window's part in work over the whole database that goes on in the
 * background: filing stories again after an edit, grouping an upgraded
 * database's backlog into events. */

#include "config.h"

#include <glib/gi18n.h>

#include "dossier-window-private.h"

/* Work in the background over the whole database (filing again after an
 * edit, grouping an upgraded database's backlog) takes a while on a large
 * one: a toast of its own says how far it is (@text, which is taken),
 * and goes when it is done. */
static void
show_progress (DossierWindow  *self,
               AdwToast      **toast,
               char           *text)
{
  g_autofree char *owned = text;

  if (*toast != NULL)
    {
      adw_toast_set_title (*toast, text);
      return;
    }
  *toast = adw_toast_new (text);
  adw_toast_set_timeout (*toast, 0);
  g_object_add_weak_pointer (G_OBJECT (*toast), (gpointer *) toast);
  adw_toast_overlay_add_toast (self->toast_overlay, g_object_ref (*toast));
  g_object_unref (*toast);
}

/* The work is done: what it changed is read again, or, closed before
 * the end (cancelled), the next start goes on. */
static void
background_work_finished (DossierWindow *self,
                          AdwToast      *toast,
                          const GError  *error,
                          const char    *failure)
{
  if (toast != NULL)
    adw_toast_dismiss (toast);
  if (error != NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        dossier_window_show_error (self, failure, error->message);
      return;
    }
  dossier_window_reload (self);
  if (dossier_window_showing_panel (self))
    dossier_tag_panel_reload (self->tag_panel);
}

static void
on_retag_progress_cb (DossierContext *context,
                      guint64         done,
                      guint64         total,
                      DossierWindow  *self)
{
  if (total > 0)
    show_progress (self, &self->retag_toast,
                   /* TRANSLATORS: stories filed again under the entities
                    * and topics after an edit, as a percentage. */
                   g_strdup_printf (_("Filing stories again… %u%%"), (guint) (done * 100 / total)));
}

static void
on_retag_finished_cb (DossierContext *context,
                      const GError   *error,
                      DossierWindow  *self)
{
  background_work_finished (self, self->retag_toast, error, _("Cannot file the stories again"));
}

/* Stories stored before events (an upgraded database) are grouped in the
 * background when the window opens; they show as rows of their own until
 * then. */
static void
on_group_progress_cb (DossierContext *context,
                      guint64         done,
                      guint64         total,
                      DossierWindow  *self)
{
  if (total > 0)
    show_progress (self, &self->group_toast,
                   /* TRANSLATORS: stories stored before an upgrade, grouped
                    * into events in the background, as a percentage. */
                   g_strdup_printf (_("Grouping stories into events… %u%%"), (guint) (done * 100 / total)));
}

static void
on_group_finished_cb (DossierContext *context,
                      const GError   *error,
                      DossierWindow  *self)
{
  background_work_finished (self, self->group_toast, error, _("Cannot group the stories"));
}

void
dossier_window_watch_background_work (DossierWindow *self)
{
  g_signal_connect_object (self->context, "retag-progress", G_CALLBACK (on_retag_progress_cb), self, 0);
  g_signal_connect_object (self->context, "retag-finished", G_CALLBACK (on_retag_finished_cb), self, 0);
  g_signal_connect_object (self->context, "group-progress", G_CALLBACK (on_group_progress_cb), self, 0);
  g_signal_connect_object (self->context, "group-finished", G_CALLBACK (on_group_finished_cb), self, 0);
  /* A backlog from before events, if any; closing the window stops it. */
  dossier_context_group_backlog_async (self->context, self->cancellable, NULL, NULL);
}
