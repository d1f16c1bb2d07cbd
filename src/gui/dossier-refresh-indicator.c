/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-refresh-indicator"

#include "config.h"

#include <glib/gi18n.h>

#include "dossier-refresh-indicator.h"

struct _DossierRefreshIndicator
{
  AdwBin            parent_instance;

  /* Template children */
  GtkStack         *stack;
  GtkWidget        *button;
  GtkWidget        *progress;
  GtkSpinner       *spinner;
  GtkLabel         *label;

  DossierScheduler *scheduler;
};

G_DEFINE_FINAL_TYPE (DossierRefreshIndicator, dossier_refresh_indicator, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SCHEDULER,
  PROP_ACTION_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_progress (DossierRefreshIndicator *self)
{
  guint done, total;
  g_autofree char *text = NULL;
  g_autofree char *tooltip = NULL;

  if (self->scheduler == NULL || !dossier_scheduler_get_refreshing (self->scheduler))
    return;
  done = dossier_scheduler_get_done (self->scheduler);
  total = dossier_scheduler_get_total (self->scheduler);
  /* Until the first feed is done, the feeds are not yet counted. */
  if (total == 0)
    return;
  /* TRANSLATORS: feeds refreshed so far, of all to refresh */
  text = g_strdup_printf (_("%u/%u"), done, total);
  tooltip = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Refreshed %u of %u feed",
                                          "Refreshed %u of %u feeds", total),
                             done, total);
  gtk_label_set_text (self->label, text);
  gtk_widget_set_tooltip_text (self->progress, tooltip);
}

static void
update_state (DossierRefreshIndicator *self)
{
  gboolean refreshing = self->scheduler != NULL && dossier_scheduler_get_refreshing (self->scheduler);

  gtk_spinner_set_spinning (self->spinner, refreshing);
  gtk_stack_set_visible_child (self->stack, refreshing ? self->progress : self->button);
  /* A new refresh starts from nothing, not from the last one's count. */
  gtk_label_set_text (self->label, "");
  gtk_widget_set_tooltip_text (self->progress, _("Refreshing…"));
  update_progress (self);
}

static void
on_refreshing_notify_cb (DossierScheduler        *scheduler,
                         GParamSpec              *pspec,
                         DossierRefreshIndicator *self)
{
  update_state (self);
}

static void
on_progress_notify_cb (DossierScheduler        *scheduler,
                       GParamSpec              *pspec,
                       DossierRefreshIndicator *self)
{
  update_progress (self);
}

void
dossier_refresh_indicator_set_scheduler (DossierRefreshIndicator *self,
                                         DossierScheduler        *scheduler)
{
  g_return_if_fail (DOSSIER_IS_REFRESH_INDICATOR (self));
  g_return_if_fail (scheduler == NULL || DOSSIER_IS_SCHEDULER (scheduler));

  if (self->scheduler == scheduler)
    return;
  if (self->scheduler != NULL)
    g_signal_handlers_disconnect_by_data (self->scheduler, self);
  g_set_object (&self->scheduler, scheduler);
  if (scheduler != NULL)
    {
      g_signal_connect_object (scheduler, "notify::refreshing", G_CALLBACK (on_refreshing_notify_cb), self, 0);
      g_signal_connect_object (scheduler, "notify::done", G_CALLBACK (on_progress_notify_cb), self, 0);
      g_signal_connect_object (scheduler, "notify::total", G_CALLBACK (on_progress_notify_cb), self, 0);
    }
  update_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCHEDULER]);
}

DossierScheduler *
dossier_refresh_indicator_get_scheduler (DossierRefreshIndicator *self)
{
  g_return_val_if_fail (DOSSIER_IS_REFRESH_INDICATOR (self), NULL);

  return self->scheduler;
}

static void
dossier_refresh_indicator_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  DossierRefreshIndicator *self = DOSSIER_REFRESH_INDICATOR (object);

  switch (prop_id)
    {
    case PROP_SCHEDULER:
      g_value_set_object (value, self->scheduler);
      break;
    case PROP_ACTION_NAME:
      g_value_set_string (value, gtk_actionable_get_action_name (GTK_ACTIONABLE (self->button)));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dossier_refresh_indicator_set_property (GObject      *object,
                                        guint         prop_id,
                                        const GValue *value,
                                        GParamSpec   *pspec)
{
  DossierRefreshIndicator *self = DOSSIER_REFRESH_INDICATOR (object);

  switch (prop_id)
    {
    case PROP_SCHEDULER:
      dossier_refresh_indicator_set_scheduler (self, g_value_get_object (value));
      break;
    case PROP_ACTION_NAME:
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->button), g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dossier_refresh_indicator_dispose (GObject *object)
{
  DossierRefreshIndicator *self = DOSSIER_REFRESH_INDICATOR (object);

  if (self->scheduler != NULL)
    g_signal_handlers_disconnect_by_data (self->scheduler, self);
  g_clear_object (&self->scheduler);
  /* The stack is the bin's child, which AdwBin lets go of itself: no
   * gtk_widget_dispose_template (), which would unparent it first. */
  G_OBJECT_CLASS (dossier_refresh_indicator_parent_class)->dispose (object);
}

static void
dossier_refresh_indicator_class_init (DossierRefreshIndicatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = dossier_refresh_indicator_get_property;
  object_class->set_property = dossier_refresh_indicator_set_property;
  object_class->dispose = dossier_refresh_indicator_dispose;

  properties[PROP_SCHEDULER] =
    g_param_spec_object ("scheduler", NULL, NULL, DOSSIER_TYPE_SCHEDULER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTION_NAME] =
    g_param_spec_string ("action-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/dossierapp/Dossier/dossier-refresh-indicator.ui");
  gtk_widget_class_bind_template_child (widget_class, DossierRefreshIndicator, stack);
  gtk_widget_class_bind_template_child (widget_class, DossierRefreshIndicator, button);
  gtk_widget_class_bind_template_child (widget_class, DossierRefreshIndicator, progress);
  gtk_widget_class_bind_template_child (widget_class, DossierRefreshIndicator, spinner);
  gtk_widget_class_bind_template_child (widget_class, DossierRefreshIndicator, label);
}

static void
dossier_refresh_indicator_init (DossierRefreshIndicator *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
