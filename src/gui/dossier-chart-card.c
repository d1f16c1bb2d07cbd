/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-chart-card"

#include "config.h"

#include <glib/gi18n.h>

#include "dossier-chart-card.h"
#include "dossier-date.h"
#include "dossier-file-chooser.h"

struct _DossierChartCard
{
  AdwBin               parent_instance;

  /* Template children; the group is the bin's own child, which the bin
   * disposes of, so it is not bound. */
  AdwPreferencesGroup *group;
  GtkDropDown         *range_dropdown;
  GtkDropDown         *bucket_dropdown;
  DossierMentionChart *chart;

  /* Main thread only */
  DossierContext      *context;
  GCancellable        *cancellable;     /* the counts asked for last */
  GCancellable        *save_cancellable; /* cancelled on dispose */
  GStrv                slugs;
  GStrv                names;
  char                *file_name;
  gint64               total;           /* -1 until the counts are read */
  gboolean             setting_range;   /* a new range sets its bucket */
  gboolean             quiet;           /* the range set by the program */
  gboolean             holding;         /* a range set without reading */
  gboolean             range_chosen;
};

G_DEFINE_FINAL_TYPE (DossierChartCard, dossier_chart_card, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_CHART_HEIGHT,
  PROP_FILE_NAME,
  PROP_RANGE,
  PROP_BUCKET,
  PROP_RANGE_CHOSEN,
  PROP_LOADING,
  PROP_TOTAL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_MESSAGE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The size of a saved chart: wide enough for a slide or a report. */
#define SAVE_WIDTH  1200
#define SAVE_HEIGHT 600

/* Each span with the bucket that reads best for it. */
static const struct {
  const char    *label;
  gint64         days;        /* 0: since the first mention */
  DossierPeriod  bucket;
} ranges[DOSSIER_N_CHART_RANGES] = {
  { N_("Last 30 Days"), 30, DOSSIER_PERIOD_DAY },
  { N_("Last 6 Months"), 183, DOSSIER_PERIOD_WEEK },
  { N_("Last 2 Years"), 731, DOSSIER_PERIOD_MONTH },
  { N_("All Time"), 0, DOSSIER_PERIOD_MONTH },
};

/* By DossierPeriod. */
static const char * const buckets[] = {
  N_("Per Day"),
  N_("Per Week"),
  N_("Per Month"),
};

static void
set_loading (DossierChartCard *self,
             GCancellable     *cancellable)
{
  gboolean was = self->cancellable != NULL;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_set_object (&self->cancellable, cancellable);
  if (was != (cancellable != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
set_total (DossierChartCard *self,
           gint64            total)
{
  if (self->total == total)
    return;
  self->total = total;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL]);
}

static void
on_counts_read_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(DossierChartCard) self = user_data;
  g_autoptr(GPtrArray) series = NULL;
  g_autoptr(GError) error = NULL;
  gint64 total = 0;

  series = dossier_context_tag_counts_finish (DOSSIER_CONTEXT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* Not cancelled, so the current request: the slugs asked for are these. */
  dossier_mention_chart_clear (self->chart);
  if (series == NULL)
    {
      set_loading (self, NULL);
      g_signal_emit (self, signals[SIGNAL_MESSAGE], 0, error->message);
      return;
    }
  dossier_mention_chart_set_period (self->chart, gtk_drop_down_get_selected (self->bucket_dropdown));
  for (guint i = 0; i < series->len && self->slugs != NULL && self->slugs[i] != NULL; i++)
    {
      GArray *counts = g_ptr_array_index (series, i);

      dossier_mention_chart_add_series (self->chart, self->names[i], counts);
      for (guint j = 0; j < counts->len; j++)
        total += g_array_index (counts, DossierTagCount, j).count;
    }
  /* Done before the total is told: a listener may ask for a wider span,
   * whose read must not be taken for this one. */
  set_loading (self, NULL);
  set_total (self, total);
}

static void
load (DossierChartCard *self)
{
  guint range = gtk_drop_down_get_selected (self->range_dropdown);
  DossierPeriod period = gtk_drop_down_get_selected (self->bucket_dropdown);
  g_autoptr(GCancellable) cancellable = NULL;
  gint64 until, since;

  if (self->holding || self->context == NULL || range >= DOSSIER_N_CHART_RANGES)
    return;
  if (self->slugs == NULL || self->slugs[0] == NULL)
    {
      set_loading (self, NULL);
      dossier_mention_chart_clear (self->chart);
      set_total (self, 0);
      return;
    }
  /* From the span's days back to the end of today, so that a chart
   * reaches the present even when the last mention is older. */
  until = (g_get_real_time () / G_USEC_PER_SEC / 86400 + 1) * 86400;
  since = ranges[range].days > 0 ? until - ranges[range].days * 86400 : DOSSIER_DATE_NONE;
  cancellable = g_cancellable_new ();
  set_loading (self, cancellable);
  set_total (self, -1);
  dossier_context_tag_counts_async (self->context, (const char * const *) self->slugs, period, since, until,
                                    cancellable, on_counts_read_cb, g_object_ref (self));
}

static void
on_range_changed_cb (DossierChartCard *self)
{
  guint range = gtk_drop_down_get_selected (self->range_dropdown);

  if (range >= DOSSIER_N_CHART_RANGES)
    return;
  if (!self->quiet && !self->range_chosen)
    {
      self->range_chosen = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RANGE_CHOSEN]);
    }
  /* A new span takes the bucket that reads best for it; the bucket can
   * still be changed afterwards. */
  self->setting_range = TRUE;
  gtk_drop_down_set_selected (self->bucket_dropdown, ranges[range].bucket);
  self->setting_range = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RANGE]);
  load (self);
}

static void
on_bucket_changed_cb (DossierChartCard *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUCKET]);
  if (!self->setting_range)
    load (self);
}

static void
set_range_quietly (DossierChartCard *self,
                   guint             range)
{
  self->quiet = TRUE;
  gtk_drop_down_set_selected (self->range_dropdown, range);
  self->quiet = FALSE;
}

/* ---- Saving ------------------------------------------------------------- */

static void
on_saved_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DossierChartCard) self = user_data;
  g_autoptr(GError) error = NULL;

  if (dossier_mention_chart_save_finish (DOSSIER_MENTION_CHART (source), result, &error))
    g_signal_emit (self, signals[SIGNAL_MESSAGE], 0, _("Chart saved"));
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *text = g_strdup_printf (_("Cannot save the chart: %s"), error->message);

      g_signal_emit (self, signals[SIGNAL_MESSAGE], 0, text);
    }
}

typedef struct {
  DossierChartCard   *self;
  DossierChartFormat  format;
} SaveCall;

static void
save_call_free (SaveCall *call)
{
  g_object_unref (call->self);
  g_free (call);
}

static void
on_file_chosen_cb (GFile    *file,
                   gpointer  user_data)
{
  SaveCall *call = user_data;

  dossier_mention_chart_save_async (call->self->chart, file, call->format, SAVE_WIDTH, SAVE_HEIGHT,
                                    call->self->save_cancellable, on_saved_cb, g_object_ref (call->self));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  DossierChartCard *self = DOSSIER_CHART_CARD (widget);
  gboolean svg = g_str_equal (g_variant_get_string (parameter, NULL), "svg");
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileFilter *filters[] = { filter, NULL };
  g_autofree char *name = g_strdup_printf ("%s.%s", self->file_name != NULL ? self->file_name : _("Chart"),
                                           svg ? "svg" : "png");
  SaveCall *call = g_new0 (SaveCall, 1);

  call->self = g_object_ref (self);
  call->format = svg ? DOSSIER_CHART_FORMAT_SVG : DOSSIER_CHART_FORMAT_PNG;
  gtk_file_filter_set_name (filter, svg ? _("SVG images") : _("PNG images"));
  gtk_file_filter_add_mime_type (filter, svg ? "image/svg+xml" : "image/png");
  dossier_choose_file (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, GTK_FILE_CHOOSER_ACTION_SAVE,
                       _("Save Chart"), _("_Save"), name, filters, on_file_chosen_cb, call,
                       (GDestroyNotify) save_call_free);
}

/* ---- Object ------------------------------------------------------------- */

static void
dossier_chart_card_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  DossierChartCard *self = DOSSIER_CHART_CARD (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, adw_preferences_group_get_title (self->group));
      break;
    case PROP_CHART_HEIGHT:
      {
        int height;

        gtk_widget_get_size_request (GTK_WIDGET (self->chart), NULL, &height);
        g_value_set_int (value, height);
      }
      break;
    case PROP_FILE_NAME:
      g_value_set_string (value, self->file_name);
      break;
    case PROP_RANGE:
      g_value_set_uint (value, gtk_drop_down_get_selected (self->range_dropdown));
      break;
    case PROP_BUCKET:
      g_value_set_uint (value, gtk_drop_down_get_selected (self->bucket_dropdown));
      break;
    case PROP_RANGE_CHOSEN:
      g_value_set_boolean (value, self->range_chosen);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->cancellable != NULL);
      break;
    case PROP_TOTAL:
      g_value_set_int64 (value, self->total);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dossier_chart_card_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  DossierChartCard *self = DOSSIER_CHART_CARD (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      adw_preferences_group_set_title (self->group, g_value_get_string (value) != NULL
                                                    ? g_value_get_string (value) : "");
      break;
    case PROP_CHART_HEIGHT:
      gtk_widget_set_size_request (GTK_WIDGET (self->chart), -1, g_value_get_int (value));
      break;
    case PROP_FILE_NAME:
      g_free (self->file_name);
      self->file_name = g_value_dup_string (value);
      break;
    case PROP_RANGE:
      g_return_if_fail (g_value_get_uint (value) < DOSSIER_N_CHART_RANGES);
      gtk_drop_down_set_selected (self->range_dropdown, g_value_get_uint (value));
      break;
    case PROP_BUCKET:
      g_return_if_fail (g_value_get_uint (value) < G_N_ELEMENTS (buckets));
      gtk_drop_down_set_selected (self->bucket_dropdown, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dossier_chart_card_dispose (GObject *object)
{
  DossierChartCard *self = DOSSIER_CHART_CARD (object);

  g_cancellable_cancel (self->save_cancellable);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), DOSSIER_TYPE_CHART_CARD);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (dossier_chart_card_parent_class)->dispose (object);
}

static void
dossier_chart_card_finalize (GObject *object)
{
  DossierChartCard *self = DOSSIER_CHART_CARD (object);

  g_clear_object (&self->save_cancellable);
  g_strfreev (self->slugs);
  g_strfreev (self->names);
  g_free (self->file_name);

  G_OBJECT_CLASS (dossier_chart_card_parent_class)->finalize (object);
}

static void
dossier_chart_card_class_init (DossierChartCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dossier_chart_card_dispose;
  object_class->finalize = dossier_chart_card_finalize;
  object_class->get_property = dossier_chart_card_get_property;
  object_class->set_property = dossier_chart_card_set_property;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CHART_HEIGHT] =
    g_param_spec_int ("chart-height", NULL, NULL, -1, G_MAXINT, 220, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_FILE_NAME] =
    g_param_spec_string ("file-name", NULL, NULL, NULL, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_RANGE] =
    g_param_spec_uint ("range", NULL, NULL, 0, DOSSIER_CHART_RANGE_ALL, 1,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUCKET] =
    g_param_spec_uint ("bucket", NULL, NULL, 0, G_N_ELEMENTS (buckets) - 1, DOSSIER_PERIOD_WEEK,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RANGE_CHOSEN] =
    g_param_spec_boolean ("range-chosen", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOTAL] =
    g_param_spec_int64 ("total", NULL, NULL, -1, G_MAXINT64, -1,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_MESSAGE] = g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (DOSSIER_TYPE_MENTION_CHART);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/dossierapp/Dossier/dossier-chart-card.ui");
  gtk_widget_class_bind_template_child (widget_class, DossierChartCard, range_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DossierChartCard, bucket_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DossierChartCard, chart);

  gtk_widget_class_install_action (widget_class, "chart.save", "s", save_action);
}

static void
dossier_chart_card_init (DossierChartCard *self)
{
  g_autoptr(GtkStringList) range_labels = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) bucket_labels = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->group = ADW_PREFERENCES_GROUP (adw_bin_get_child (ADW_BIN (self)));
  self->total = -1;
  self->save_cancellable = g_cancellable_new ();

  for (guint i = 0; i < DOSSIER_N_CHART_RANGES; i++)
    gtk_string_list_append (range_labels, _(ranges[i].label));
  for (guint i = 0; i < G_N_ELEMENTS (buckets); i++)
    gtk_string_list_append (bucket_labels, _(buckets[i]));
  gtk_drop_down_set_model (self->range_dropdown, G_LIST_MODEL (range_labels));
  gtk_drop_down_set_model (self->bucket_dropdown, G_LIST_MODEL (bucket_labels));
  /* Half a year, weekly, until told otherwise. */
  gtk_drop_down_set_selected (self->range_dropdown, 1);
  gtk_drop_down_set_selected (self->bucket_dropdown, ranges[1].bucket);
  g_signal_connect_swapped (self->range_dropdown, "notify::selected", G_CALLBACK (on_range_changed_cb), self);
  g_signal_connect_swapped (self->bucket_dropdown, "notify::selected", G_CALLBACK (on_bucket_changed_cb), self);
  dossier_mention_chart_set_empty_text (self->chart, _("No stories in this time span"));
}

/* ---- Public API --------------------------------------------------------- */

void
dossier_chart_card_set_context (DossierChartCard *self,
                                DossierContext   *context)
{
  g_return_if_fail (DOSSIER_IS_CHART_CARD (self));

  g_set_object (&self->context, context);
}

void
dossier_chart_card_set_series (DossierChartCard   *self,
                               const char * const *slugs,
                               const char * const *names)
{
  g_return_if_fail (DOSSIER_IS_CHART_CARD (self));

  g_strfreev (self->slugs);
  g_strfreev (self->names);
  self->slugs = g_strdupv ((char **) slugs);
  self->names = g_strdupv ((char **) (names != NULL ? names : slugs));
  load (self);
}

void
dossier_chart_card_reload (DossierChartCard *self)
{
  g_return_if_fail (DOSSIER_IS_CHART_CARD (self));

  load (self);
}

void
dossier_chart_card_reset_range (DossierChartCard *self,
                                guint             range)
{
  g_return_if_fail (DOSSIER_IS_CHART_CARD (self));
  g_return_if_fail (range < DOSSIER_N_CHART_RANGES);

  if (self->range_chosen || gtk_drop_down_get_selected (self->range_dropdown) == range)
    return;
  self->holding = TRUE;
  set_range_quietly (self, range);
  self->holding = FALSE;
}

void
dossier_chart_card_widen (DossierChartCard *self)
{
  g_return_if_fail (DOSSIER_IS_CHART_CARD (self));

  if (gtk_drop_down_get_selected (self->range_dropdown) != DOSSIER_CHART_RANGE_ALL)
    set_range_quietly (self, DOSSIER_CHART_RANGE_ALL);
}

DossierMentionChart *
dossier_chart_card_get_chart (DossierChartCard *self)
{
  g_return_val_if_fail (DOSSIER_IS_CHART_CARD (self), NULL);

  return self->chart;
}

gboolean
dossier_chart_card_is_loading (DossierChartCard *self)
{
  g_return_val_if_fail (DOSSIER_IS_CHART_CARD (self), FALSE);

  return self->cancellable != NULL;
}

gint64
dossier_chart_card_get_total (DossierChartCard *self)
{
  g_return_val_if_fail (DOSSIER_IS_CHART_CARD (self), -1);

  return self->total;
}
