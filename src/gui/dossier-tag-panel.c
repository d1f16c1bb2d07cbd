/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-tag-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "dossier-bidi.h"
#include "dossier-chart-card.h"
#include "dossier-date.h"
#include "dossier-i18n.h"
#include "dossier-tag-panel.h"

struct _DossierTagPanel
{
  AdwBin               parent_instance;

  GtkScrolledWindow   *scrolled;
  GtkWidget           *actions_box;
  GtkLabel            *kind_label;
  GtkLabel            *name_label;
  GtkLabel            *other_name_label;
  GtkLabel            *description_label;
  GtkWidget           *watch_button;
  DossierChartCard    *chart_card;
  GtkWidget           *topics_group;
  GtkWidget           *entities_group;
  AdwPreferencesGroup *aliases_group;
  GtkListBox          *topics_list;
  GtkListBox          *entities_list;
  GtkListBox          *aliases_list;

  DossierContext      *context;
  char                *slug;
  DossierTagOverview  *overview;
  GCancellable        *cancellable;        /* the facts */
  guint                pending;            /* jobs not back yet */
  gboolean             syncing_watch;      /* setting the toggle, not the user */
  GCancellable        *watch_cancellable;
};

G_DEFINE_FINAL_TYPE (DossierTagPanel, dossier_tag_panel, ADW_TYPE_BIN)

enum {
  TAG_ACTIVATED,
  NARROW,
  COMPARE,
  EDIT,
  MESSAGE,
  PERIOD_CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The default time span: half a year, weekly. */
#define DEFAULT_RANGE 1


static const char *
tag_description (const DossierTagInfo *info)
{
  const char *ar = info->description_ar;
  const char *en = info->description_en;

  if (dossier_i18n_prefers_arabic () && ar != NULL && *ar)
    return ar;
  if (en != NULL && *en)
    return en;
  return ar != NULL && *ar ? ar : NULL;
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
finish_pending (DossierTagPanel *self)
{
  g_return_if_fail (self->pending > 0);
  if (--self->pending == 0 && !dossier_chart_card_is_loading (self->chart_card))
    gtk_widget_remove_css_class (GTK_WIDGET (self), "loading");
}

/* ---- The chart ---------------------------------------------------------- */

static void
update_loading (DossierTagPanel *self)
{
  if (dossier_tag_panel_is_loading (self))
    gtk_widget_add_css_class (GTK_WIDGET (self), "loading");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "loading");
}

/* A tag whose stories are all older than the default span would show an
 * empty chart: until the user picks a span, it widens to all time. */
static void
maybe_widen_range (DossierTagPanel *self)
{
  gboolean chosen;

  g_object_get (self->chart_card, "range-chosen", &chosen, NULL);
  if (chosen || dossier_chart_card_get_total (self->chart_card) != 0 || self->overview == NULL ||
      self->overview->info->mentions == 0)
    return;
  dossier_chart_card_widen (self->chart_card);
}

static void
on_chart_total_cb (DossierChartCard *card,
                   GParamSpec       *pspec,
                   DossierTagPanel  *self)
{
  maybe_widen_range (self);
}

static void
on_chart_loading_cb (DossierChartCard *card,
                     GParamSpec       *pspec,
                     DossierTagPanel  *self)
{
  update_loading (self);
}

static void
on_chart_message_cb (DossierChartCard *card,
                     const char       *text,
                     DossierTagPanel  *self)
{
  g_signal_emit (self, signals[MESSAGE], 0, text);
}

static void
load_chart (DossierTagPanel *self)
{
  const char *slugs[] = { self->slug, NULL };
  const char *names[] = { self->overview != NULL ? dossier_tag_info_get_name (self->overview->info) : self->slug,
                          NULL };
  /* TRANSLATORS: the file name offered for a saved chart, e.g.
   * "Nvidia — mentions"; the extension follows. */
  g_autofree char *file_name = g_strdup_printf (_("%s — mentions"), names[0]);

  if (self->slug == NULL || self->context == NULL)
    return;
  g_object_set (self->chart_card, "file-name", file_name, NULL);
  dossier_chart_card_set_series (self->chart_card, slugs, names);
}

/* ---- The facts ---------------------------------------------------------- */

static void
on_narrow_clicked_cb (GtkButton       *button,
                      DossierTagPanel *self)
{
  GtkWidget *row = g_object_get_data (G_OBJECT (button), "row");

  g_signal_emit (self, signals[NARROW], 0,
                 g_object_get_data (G_OBJECT (row), "slug"),
                 GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "topic")),
                 g_object_get_data (G_OBJECT (row), "name"));
}

static GtkWidget *
related_row (DossierTagPanel      *self,
             const DossierTagInfo *info)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *narrow = gtk_button_new_from_icon_name ("dossier-filter-symbolic");
  g_autofree char *subtitle = NULL;
  const char *name = dossier_tag_info_get_name (info);

  /* TRANSLATORS: how many stories mention two entities or topics at once. */
  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u story together", "%u stories together",
                                           info->mentions),
                              info->mentions);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_set_tooltip_text (row, dossier_tag_info_get_other_name (info));

  gtk_widget_set_valign (narrow, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (narrow, "flat");
  gtk_widget_set_tooltip_text (narrow, _("Show Only Stories About Both"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (narrow), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Show Only Stories About Both"), -1);
  g_object_set_data_full (G_OBJECT (row), "slug", g_strdup (info->slug), g_free);
  g_object_set_data_full (G_OBJECT (row), "name", g_strdup (name), g_free);
  g_object_set_data (G_OBJECT (row), "topic", GINT_TO_POINTER (g_strcmp0 (info->kind, "topic") == 0));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), narrow);
  g_object_set_data (G_OBJECT (narrow), "row", row);
  g_signal_connect_object (narrow, "clicked", G_CALLBACK (on_narrow_clicked_cb), self, 0);
  return row;
}

static void
on_related_activated_cb (GtkListBox      *list,
                         GtkListBoxRow   *row,
                         DossierTagPanel *self)
{
  g_signal_emit (self, signals[TAG_ACTIVATED], 0,
                 g_object_get_data (G_OBJECT (row), "slug"),
                 GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "topic")),
                 g_object_get_data (G_OBJECT (row), "name"));
}

static const char *
language_label (const char *lang)
{
  if (g_strcmp0 (lang, "en") == 0)
    return _("English");
  if (g_strcmp0 (lang, "ar") == 0)
    return _("Arabic");
  if (g_strcmp0 (lang, "zh") == 0)
    return _("Chinese");
  return NULL;
}

static void
fill_aliases (DossierTagPanel *self)
{
  const DossierTagOverview *overview = self->overview;
  GPtrArray *aliases = overview->info->aliases;
  GtkWidget *all;
  guint shown = 0;

  clear_list (self->aliases_list);
  /* The names that actually filed stories come first, with how often. */
  for (guint i = 0; i < overview->alias_hits->len && shown < 12; i++, shown++)
    {
      DossierAliasHit *hit = g_ptr_array_index (overview->alias_hits, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *subtitle = NULL;

      if (hit->entity != NULL)
        {
          GtkWidget *icon = gtk_image_new_from_icon_name ("dossier-entity-symbolic");

          /* Not a word found but an entity named in the stories (an AI
           * chip for semiconductors): say so, with the entity's icon. */
          subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   "An entity of this topic, named in %u story",
                                                   "An entity of this topic, named in %u stories",
                                                   hit->count),
                                      hit->count);
          adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
        }
      else
        subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Found in %u story", "Found in %u stories",
                                                 hit->count),
                                    hit->count);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), hit->alias);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_list_box_append (self->aliases_list, row);
    }
  adw_preferences_group_set_description (self->aliases_group,
                                         shown == 0
                                         ? _("No story has been filed here yet. These are the names and keywords Dossier looks for.")
                                         : _("The names and keywords found in its stories, the most frequent first."));

  if (aliases == NULL || aliases->len == 0)
    return;
  all = adw_expander_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (all), _("All Names and Keywords"));
  {
    g_autofree char *count = g_strdup_printf ("%u", aliases->len);

    adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (all), count);
  }
  for (guint i = 0; i < aliases->len; i++)
    {
      DossierAlias *alias = g_ptr_array_index (aliases, i);
      GtkWidget *row = adw_action_row_new ();
      const char *lang = language_label (alias->lang);
      g_autofree char *subtitle = NULL;

      if (alias->user)
        /* TRANSLATORS: an alias's language, and that the user added it. */
        subtitle = lang != NULL ? g_strdup_printf (_("%s, added by you"), lang) : g_strdup (_("Added by you"));
      else
        subtitle = g_strdup (lang);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), alias->text);
      if (subtitle != NULL)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (all), row);
    }
  gtk_list_box_append (self->aliases_list, all);
}

static void
fill_overview (DossierTagPanel *self)
{
  const DossierTagInfo *info = self->overview->info;
  const char *other = dossier_tag_info_get_other_name (info);
  const char *description = tag_description (info);
  g_autofree char *kind = NULL;
  guint n_topics = 0, n_entities = 0;

  if (self->context != NULL && dossier_context_get_count_events (self->context))
    {
      /* TRANSLATORS: how many reports there are of the events counted
       * before it, copies in other feeds and languages included, e.g.
       * "1,204 with copies". */
      g_autofree char *copies = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u with copies", "%u with copies",
                                                              info->mentions), info->mentions);

      /* TRANSLATORS: how many events an entity or topic is in, e.g.
       * "980 events" in "Company · 980 events · 1,204 with copies". */
      g_autofree char *events = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u event", "%u events",
                                                              info->events), info->events);

      kind = g_strdup_printf ("%s · %s · %s", dossier_tag_kind_label_for (info->kind), events, copies);
    }
  else
    /* TRANSLATORS: an entity's kind and how many stories it is in, e.g.
     * "Company · 1,204 stories". */
    kind = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %u story", "%s · %u stories", info->mentions),
                            dossier_tag_kind_label_for (info->kind), info->mentions);
  gtk_label_set_text (self->kind_label, kind);
  dossier_label_set_text_directed (self->name_label, dossier_tag_info_get_name (info));
  gtk_label_set_text (self->other_name_label, other);
  gtk_widget_set_visible (GTK_WIDGET (self->other_name_label), other != NULL);
  /* In the direction of its words as a whole, not of its first one. */
  gtk_widget_set_visible (GTK_WIDGET (self->description_label), description != NULL);
  if (description != NULL)
    dossier_label_set_text_directed (self->description_label, description);

  /* A topic panel lists the entities in its stories first. */
  clear_list (self->topics_list);
  clear_list (self->entities_list);
  for (guint i = 0; i < self->overview->related->len; i++)
    {
      const DossierTagInfo *related = g_ptr_array_index (self->overview->related, i);
      gboolean topic = g_strcmp0 (related->kind, "topic") == 0;
      guint *n = topic ? &n_topics : &n_entities;

      if (*n >= 8)
        continue;
      (*n)++;
      gtk_list_box_append (topic ? self->topics_list : self->entities_list, related_row (self, related));
    }
  gtk_widget_set_visible (self->topics_group, n_topics > 0);
  gtk_widget_set_visible (self->entities_group, n_entities > 0);
  fill_aliases (self);
}

static void
on_overview_read_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(DossierTagPanel) self = user_data;
  g_autoptr(GError) error = NULL;
  DossierTagOverview *overview;

  overview = dossier_context_tag_overview_finish (DOSSIER_CONTEXT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);
  finish_pending (self);
  if (overview == NULL)
    {
      g_signal_emit (self, signals[MESSAGE], 0, error->message);
      return;
    }
  g_clear_pointer (&self->overview, dossier_tag_overview_free);
  self->overview = overview;
  fill_overview (self);
  {
    /* TRANSLATORS: the file name offered for a saved chart, e.g.
     * "Nvidia — mentions"; the extension follows. */
    g_autofree char *file_name = g_strdup_printf (_("%s — mentions"), dossier_tag_info_get_name (overview->info));

    g_object_set (self->chart_card, "file-name", file_name, NULL);
  }
  maybe_widen_range (self);
}

static void
load_overview (DossierTagPanel *self)
{
  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
      finish_pending (self);
    }
  self->cancellable = g_cancellable_new ();
  self->pending++;
  gtk_widget_add_css_class (GTK_WIDGET (self), "loading");
  dossier_context_tag_overview_async (self->context, self->slug, DOSSIER_DATE_NONE, self->cancellable,
                                      on_overview_read_cb, g_object_ref (self));
}

/* ---- Watching ----------------------------------------------------------- */

static void
on_watch_read_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(DossierTagPanel) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean watched = FALSE;

  if (!dossier_context_is_tag_watched_finish (DOSSIER_CONTEXT (source), result, &watched, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        gtk_widget_set_visible (self->watch_button, FALSE);
      return;
    }
  self->syncing_watch = TRUE;
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->watch_button), watched);
  self->syncing_watch = FALSE;
  gtk_widget_set_visible (self->watch_button, TRUE);
}

static void
load_watch (DossierTagPanel *self)
{
  g_cancellable_cancel (self->watch_cancellable);
  g_clear_object (&self->watch_cancellable);
  self->watch_cancellable = g_cancellable_new ();
  dossier_context_is_tag_watched_async (self->context, self->slug, self->watch_cancellable,
                                        on_watch_read_cb, g_object_ref (self));
}

static void
on_watch_saved_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(DossierTagPanel) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!dossier_context_set_tag_watched_finish (DOSSIER_CONTEXT (source), result, &error))
    {
      g_signal_emit (self, signals[MESSAGE], 0, error->message);
      load_watch (self);
      return;
    }
  if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->watch_button)) && self->overview != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("You will be notified of new stories about %s"),
                                               dossier_tag_info_get_name (self->overview->info));

      g_signal_emit (self, signals[MESSAGE], 0, text);
    }
}

static void
on_watch_toggled_cb (GtkToggleButton *button,
                     DossierTagPanel *self)
{
  if (self->syncing_watch || self->slug == NULL)
    return;
  dossier_context_set_tag_watched_async (self->context, self->slug, gtk_toggle_button_get_active (button),
                                         NULL, on_watch_saved_cb, g_object_ref (self));
}

/* ---- Saving the chart --------------------------------------------------- */

/* The panel's export menu, outside the card, saves the card's chart. */
static void
save_chart_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  DossierTagPanel *self = DOSSIER_TAG_PANEL (widget);

  gtk_widget_activate_action_variant (GTK_WIDGET (self->chart_card), "chart.save", parameter);
}

static void
compare_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  DossierTagPanel *self = DOSSIER_TAG_PANEL (widget);

  if (self->slug != NULL)
    g_signal_emit (self, signals[COMPARE], 0, self->slug);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  DossierTagPanel *self = DOSSIER_TAG_PANEL (widget);

  if (self->slug != NULL)
    g_signal_emit (self, signals[EDIT], 0, self->slug);
}

/* ---- Object ------------------------------------------------------------- */

static void
dossier_tag_panel_dispose (GObject *object)
{
  DossierTagPanel *self = DOSSIER_TAG_PANEL (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->watch_cancellable);
  g_clear_object (&self->watch_cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->context);
  G_OBJECT_CLASS (dossier_tag_panel_parent_class)->dispose (object);
}

static void
dossier_tag_panel_finalize (GObject *object)
{
  DossierTagPanel *self = DOSSIER_TAG_PANEL (object);

  g_free (self->slug);
  g_clear_pointer (&self->overview, dossier_tag_overview_free);
  G_OBJECT_CLASS (dossier_tag_panel_parent_class)->finalize (object);
}

static void
dossier_tag_panel_class_init (DossierTagPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dossier_tag_panel_dispose;
  object_class->finalize = dossier_tag_panel_finalize;

  signals[TAG_ACTIVATED] = g_signal_new ("tag-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                                         G_TYPE_STRING, G_TYPE_BOOLEAN, G_TYPE_STRING);
  signals[NARROW] = g_signal_new ("narrow", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                                  G_TYPE_STRING, G_TYPE_BOOLEAN, G_TYPE_STRING);
  signals[COMPARE] = g_signal_new ("compare", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[EDIT] = g_signal_new ("edit", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /* A chart's bar clicked: since, until (seconds) and the period's name. */
  signals[PERIOD_CHOSEN] = g_signal_new ("period-chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_INT64, G_TYPE_INT64,
                                         G_TYPE_STRING);
  signals[MESSAGE] = g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (DOSSIER_TYPE_CHART_CARD);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dossierapp/Dossier/dossier-tag-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, DossierTagPanel, kind_label);
  gtk_widget_class_bind_template_child (widget_class, DossierTagPanel, scrolled);
  gtk_widget_class_bind_template_child (widget_class, DossierTagPanel, actions_box);
  gtk_widget_class_bind_template_child (widget_class, DossierTagPanel, name_label);
  gtk_widget_class_bind_template_child (widget_class, DossierTagPanel, other_name_label);
  gtk_widget_class_bind_template_child (widget_class, DossierTagPanel, description_label);
  gtk_widget_class_bind_template_child (widget_class, DossierTagPanel, watch_button);
  gtk_widget_class_bind_template_child (widget_class, DossierTagPanel, chart_card);
  gtk_widget_class_bind_template_child (widget_class, DossierTagPanel, topics_group);
  gtk_widget_class_bind_template_child (widget_class, DossierTagPanel, entities_group);
  gtk_widget_class_bind_template_child (widget_class, DossierTagPanel, aliases_group);
  gtk_widget_class_bind_template_child (widget_class, DossierTagPanel, topics_list);
  gtk_widget_class_bind_template_child (widget_class, DossierTagPanel, entities_list);
  gtk_widget_class_bind_template_child (widget_class, DossierTagPanel, aliases_list);
  gtk_widget_class_bind_template_callback (widget_class, on_related_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_chart_total_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_chart_loading_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_chart_message_cb);

  gtk_widget_class_install_action (widget_class, "panel.save-chart", "s", save_chart_action);
  gtk_widget_class_install_action (widget_class, "panel.compare", NULL, compare_action);
  gtk_widget_class_install_action (widget_class, "panel.edit", NULL, edit_action);
}

static void
on_bucket_activated_cb (DossierMentionChart *chart,
                        guint                bucket,
                        DossierTagPanel     *self)
{
  g_autofree char *name = dossier_mention_chart_name_bucket (chart, bucket);

  g_signal_emit (self, signals[PERIOD_CHOSEN], 0, dossier_mention_chart_get_bucket_start (chart, bucket),
                 dossier_mention_chart_get_bucket_end (chart, bucket), name);
}

static void
dossier_tag_panel_init (DossierTagPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  dossier_chart_card_reset_range (self->chart_card, DEFAULT_RANGE);
  g_signal_connect_object (dossier_chart_card_get_chart (self->chart_card), "bucket-activated",
                           G_CALLBACK (on_bucket_activated_cb), self, 0);
  g_signal_connect (self->watch_button, "toggled", G_CALLBACK (on_watch_toggled_cb), self);
}

GtkWidget *
dossier_tag_panel_new (void)
{
  return g_object_new (DOSSIER_TYPE_TAG_PANEL, NULL);
}

void
dossier_tag_panel_set_context (DossierTagPanel *self,
                               DossierContext  *context)
{
  g_return_if_fail (DOSSIER_IS_TAG_PANEL (self));

  g_set_object (&self->context, context);
  dossier_chart_card_set_context (self->chart_card, context);
}

void
dossier_tag_panel_show_tag (DossierTagPanel *self,
                            const char      *slug)
{
  g_return_if_fail (DOSSIER_IS_TAG_PANEL (self));
  g_return_if_fail (slug != NULL);

  if (g_strcmp0 (self->slug, slug) != 0)
    {
      g_free (self->slug);
      self->slug = g_strdup (slug);
      g_clear_pointer (&self->overview, dossier_tag_overview_free);
      /* Nothing of the previous tag stays on screen while this one loads. */
      gtk_label_set_text (self->name_label, "");
      gtk_label_set_text (self->kind_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->other_name_label), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->description_label), FALSE);
      clear_list (self->topics_list);
      clear_list (self->entities_list);
      clear_list (self->aliases_list);
      dossier_mention_chart_clear (dossier_chart_card_get_chart (self->chart_card));
      /* Each tag starts from the default span, unless the user chose one;
       * the reload below reads the chart once. */
      dossier_chart_card_reset_range (self->chart_card, DEFAULT_RANGE);
      /* Another tag's page starts at its top, its name and count in view,
       * wherever the last one was scrolled to. */
      gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scrolled), 0);
    }
  dossier_tag_panel_reload (self);
}

void
dossier_tag_panel_reload (DossierTagPanel *self)
{
  g_return_if_fail (DOSSIER_IS_TAG_PANEL (self));

  if (self->slug == NULL || self->context == NULL)
    return;
  load_overview (self);
  load_chart (self);
  load_watch (self);
}

void
dossier_tag_panel_focus_start (DossierTagPanel *self)
{
  g_return_if_fail (DOSSIER_IS_TAG_PANEL (self));

  gtk_widget_child_focus (self->actions_box, GTK_DIR_TAB_FORWARD);
}

const char *
dossier_tag_panel_get_slug (DossierTagPanel *self)
{
  g_return_val_if_fail (DOSSIER_IS_TAG_PANEL (self), NULL);

  return self->slug;
}

const char *
dossier_tag_panel_get_name (DossierTagPanel *self)
{
  g_return_val_if_fail (DOSSIER_IS_TAG_PANEL (self), NULL);

  return self->overview != NULL ? dossier_tag_info_get_name (self->overview->info) : NULL;
}

gboolean
dossier_tag_panel_is_topic (DossierTagPanel *self)
{
  g_return_val_if_fail (DOSSIER_IS_TAG_PANEL (self), FALSE);

  return self->overview != NULL && g_strcmp0 (self->overview->info->kind, "topic") == 0;
}

gboolean
dossier_tag_panel_is_loading (DossierTagPanel *self)
{
  g_return_val_if_fail (DOSSIER_IS_TAG_PANEL (self), FALSE);

  return self->pending > 0 || dossier_chart_card_is_loading (self->chart_card);
}

void
dossier_tag_panel_set_range (DossierTagPanel *self,
                             guint            range)
{
  g_return_if_fail (DOSSIER_IS_TAG_PANEL (self));
  g_return_if_fail (range < DOSSIER_N_CHART_RANGES);

  g_object_set (self->chart_card, "range", range, NULL);
}

void
dossier_tag_panel_set_bucket (DossierTagPanel *self,
                              DossierPeriod    period)
{
  g_return_if_fail (DOSSIER_IS_TAG_PANEL (self));

  g_object_set (self->chart_card, "bucket", (guint) period, NULL);
}

DossierMentionChart *
dossier_tag_panel_get_chart (DossierTagPanel *self)
{
  g_return_val_if_fail (DOSSIER_IS_TAG_PANEL (self), NULL);

  return dossier_chart_card_get_chart (self->chart_card);
}

GtkWidget *
dossier_tag_panel_get_watch_button (DossierTagPanel *self)
{
  g_return_val_if_fail (DOSSIER_IS_TAG_PANEL (self), NULL);

  return self->watch_button;
}

GtkListBox *
dossier_tag_panel_get_related_list (DossierTagPanel *self,
                                    gboolean         topics)
{
  g_return_val_if_fail (DOSSIER_IS_TAG_PANEL (self), NULL);

  return topics ? self->topics_list : self->entities_list;
}

GtkListBox *
dossier_tag_panel_get_aliases_list (DossierTagPanel *self)
{
  g_return_val_if_fail (DOSSIER_IS_TAG_PANEL (self), NULL);

  return self->aliases_list;
}
