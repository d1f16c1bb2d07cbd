/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-scheduler"

#include "config.h"

#include "dossier-scheduler.h"

struct _DossierScheduler
{
  GObject         parent_instance;

  /* Main thread only */
  DossierContext *context;
  GCancellable   *cancellable;   /* cancelled on dispose */
  guint           timer;
  gboolean        refreshing;
  gboolean        quiet;
  guint           done;
  guint           total;
};

G_DEFINE_FINAL_TYPE (DossierScheduler, dossier_scheduler, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_REFRESHING,
  PROP_DONE,
  PROP_TOTAL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_STARTED,
  SIGNAL_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_progress (DossierScheduler *self,
              guint             done,
              guint             total)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (self->done != done)
    {
      self->done = done;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DONE]);
    }
  if (self->total != total)
    {
      self->total = total;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static void
on_refresh_progress_cb (DossierContext   *context,
                        guint             done,
                        guint             total,
                        DossierScheduler *self)
{
  if (self->refreshing)
    set_progress (self, done, total);
}

static void
on_refreshed_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(DossierScheduler) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierRefreshSummary) summary = NULL;

  summary = dossier_context_refresh_finish (DOSSIER_CONTEXT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && g_cancellable_is_cancelled (self->cancellable))
    return;
  self->refreshing = FALSE;
  set_progress (self, 0, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REFRESHING]);
  g_signal_emit (self, signals[SIGNAL_FINISHED], 0, summary, summary == NULL ? error : NULL, self->quiet);
}

static gboolean
timer_cb (gpointer user_data)
{
  /* Only the feeds that are due: each keeps its own interval. */
  dossier_scheduler_refresh (user_data, FALSE, TRUE);
  return G_SOURCE_CONTINUE;
}

static void
dossier_scheduler_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  DossierScheduler *self = DOSSIER_SCHEDULER (object);

  switch (prop_id)
    {
    case PROP_REFRESHING:
      g_value_set_boolean (value, self->refreshing);
      break;
    case PROP_DONE:
      g_value_set_uint (value, self->done);
      break;
    case PROP_TOTAL:
      g_value_set_uint (value, self->total);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dossier_scheduler_dispose (GObject *object)
{
  DossierScheduler *self = DOSSIER_SCHEDULER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->timer, g_source_remove);
  if (self->context != NULL)
    g_signal_handlers_disconnect_by_data (self->context, self);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (dossier_scheduler_parent_class)->dispose (object);
}

static void
dossier_scheduler_finalize (GObject *object)
{
  DossierScheduler *self = DOSSIER_SCHEDULER (object);

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (dossier_scheduler_parent_class)->finalize (object);
}

static void
dossier_scheduler_class_init (DossierSchedulerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dossier_scheduler_dispose;
  object_class->finalize = dossier_scheduler_finalize;
  object_class->get_property = dossier_scheduler_get_property;

  properties[PROP_REFRESHING] =
    g_param_spec_boolean ("refreshing", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DONE] =
    g_param_spec_uint ("done", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOTAL] =
    g_param_spec_uint ("total", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_STARTED] = g_signal_new ("started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
  signals[SIGNAL_FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                                           G_TYPE_POINTER, G_TYPE_POINTER, G_TYPE_BOOLEAN);
}

static void
dossier_scheduler_init (DossierScheduler *self)
{
  self->cancellable = g_cancellable_new ();
}

DossierScheduler *
dossier_scheduler_new (DossierContext *context)
{
  DossierScheduler *self;

  g_return_val_if_fail (DOSSIER_IS_CONTEXT (context), NULL);

  self = g_object_new (DOSSIER_TYPE_SCHEDULER, NULL);
  self->context = g_object_ref (context);
  g_signal_connect (context, "refresh-progress", G_CALLBACK (on_refresh_progress_cb), self);
  return self;
}

void
dossier_scheduler_start (DossierScheduler *self,
                         guint             interval_seconds)
{
  g_return_if_fail (DOSSIER_IS_SCHEDULER (self));

  g_clear_handle_id (&self->timer, g_source_remove);
  if (interval_seconds > 0)
    self->timer = g_timeout_add_seconds (interval_seconds, timer_cb, self);
}

gboolean
dossier_scheduler_refresh (DossierScheduler *self,
                           gboolean          all,
                           gboolean          quiet)
{
  g_return_val_if_fail (DOSSIER_IS_SCHEDULER (self), FALSE);

  if (self->refreshing)
    return FALSE;
  self->refreshing = TRUE;
  self->quiet = quiet;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REFRESHING]);
  g_signal_emit (self, signals[SIGNAL_STARTED], 0, quiet);
  dossier_context_refresh_async (self->context, all, self->cancellable, on_refreshed_cb, g_object_ref (self));
  return TRUE;
}

gboolean
dossier_scheduler_get_refreshing (DossierScheduler *self)
{
  g_return_val_if_fail (DOSSIER_IS_SCHEDULER (self), FALSE);

  return self->refreshing;
}

guint
dossier_scheduler_get_done (DossierScheduler *self)
{
  g_return_val_if_fail (DOSSIER_IS_SCHEDULER (self), 0);

  return self->done;
}

guint
dossier_scheduler_get_total (DossierScheduler *self)
{
  g_return_val_if_fail (DOSSIER_IS_SCHEDULER (self), 0);

  return self->total;
}
