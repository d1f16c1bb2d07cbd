/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-compare-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dossier-bidi.h"
#include "dossier-chart-card.h"
#include "dossier-compare-window.h"
#include "dossier-normalize.h"
#include "dossier-toast.h"
#include "dossier-wrap-box.h"

struct _DossierCompareWindow
{
  AdwWindow            parent_instance;

  AdwToastOverlay     *toast_overlay;
  GtkMenuButton       *add_button;
  GtkPopover          *add_popover;
  GtkSearchEntry      *add_entry;
  GtkListBox          *add_list;
  DossierWrapBox      *chips;
  GtkStack            *stack;
  AdwStatusPage       *hint_page;
  DossierChartCard    *chart_card;

  /* Main thread only */
  DossierContext      *context;
  GCancellable        *cancellable;       /* the window's work */
  GHashTable          *tags;              /* slug -> DossierTagInfo *, every one */
  GPtrArray           *chosen;            /* char *: the slugs charted, in order */
  GPtrArray           *waiting;           /* char *: added before the tags were read */
  guint                pending;
};

G_DEFINE_FINAL_TYPE (DossierCompareWindow, dossier_compare_window, ADW_TYPE_WINDOW)

/* The name of @slug in the interface's language, or @slug itself. */
static const char *
tag_name (DossierCompareWindow *self,
          const char           *slug)
{
  const DossierTagInfo *info = g_hash_table_lookup (self->tags, slug);

  return info != NULL ? dossier_tag_info_get_name (info) : slug;
}

static void
set_loading (DossierCompareWindow *self,
             gboolean              loading)
{
  if (loading)
    self->pending++;
  else
    {
      g_return_if_fail (self->pending > 0);
      self->pending--;
    }
}

/* ---- The chart ---------------------------------------------------------- */

static void
on_chart_loading_cb (DossierChartCard     *card,
                     GParamSpec           *pspec,
                     DossierCompareWindow *self)
{
  /* Nothing to do: dossier_compare_window_is_loading () asks the card. */
}

static void
on_chart_message_cb (DossierChartCard     *card,
                     const char           *text,
                     DossierCompareWindow *self)
{
  dossier_toast_add (self->toast_overlay, text, 5);
}

static void
load_chart (DossierCompareWindow *self)
{
  g_autoptr(GStrvBuilder) slugs = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_auto(GStrv) slugv = NULL;
  g_auto(GStrv) namev = NULL;
  g_autoptr(GString) file_name = g_string_new (NULL);

  for (guint i = 0; i < self->chosen->len; i++)
    {
      const char *slug = g_ptr_array_index (self->chosen, i);

      g_strv_builder_add (slugs, slug);
      g_strv_builder_add (names, tag_name (self, slug));
      if (i > 0)
        /* TRANSLATORS: between the names in a saved chart's file name,
         * e.g. "Nvidia vs Huawei" */
        g_string_append (file_name, _(" vs "));
      g_string_append (file_name, tag_name (self, slug));
    }
  if (file_name->len == 0)
    g_string_append (file_name, _("Comparison"));
  g_object_set (self->chart_card, "file-name", file_name->str, NULL);
  slugv = g_strv_builder_end (slugs);
  namev = g_strv_builder_end (names);
  /* One alone is a chart too, while the second is being chosen. */
  gtk_stack_set_visible_child_name (self->stack, self->chosen->len > 0 ? "chart" : "hint");
  dossier_chart_card_set_series (self->chart_card, (const char * const *) slugv, (const char * const *) namev);
}

/* ---- The chosen tags ---------------------------------------------------- */

static void
on_chip_clicked_cb (GtkButton            *button,
                    DossierCompareWindow *self)
{
  dossier_compare_window_remove_tag (self, g_object_get_data (G_OBJECT (button), "slug"));
}

static void
show_chips (DossierCompareWindow *self)
{
  dossier_wrap_box_remove_all (self->chips);
  for (guint i = 0; i < self->chosen->len; i++)
    {
      const char *slug = g_ptr_array_index (self->chosen, i);
      const char *name = tag_name (self, slug);
      GtkWidget *button = gtk_button_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
      GtkWidget *label = gtk_label_new (name);
      g_autofree char *tooltip = g_strdup_printf (_("Remove “%s” from the chart"), name);

      dossier_widget_set_direction_from_text (label, name);
      gtk_box_append (GTK_BOX (box), label);
      gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name ("window-close-symbolic"));
      gtk_button_set_child (GTK_BUTTON (button), box);
      gtk_widget_set_tooltip_text (button, tooltip);
      gtk_widget_add_css_class (button, "dossier-filter-chip");
      g_object_set_data_full (G_OBJECT (button), "slug", g_strdup (slug), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (on_chip_clicked_cb), self);
      dossier_wrap_box_append (self->chips, button);
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button), self->chosen->len < DOSSIER_COMPARE_MAX);
  adw_status_page_set_description (self->hint_page,
                                   _("Add two to five entities or topics to see how often each is in the news."));
}

static gboolean
is_chosen (DossierCompareWindow *self,
           const char           *slug)
{
  for (guint i = 0; i < self->chosen->len; i++)
    if (g_str_equal (g_ptr_array_index (self->chosen, i), slug))
      return TRUE;
  return FALSE;
}

/* ---- Adding ------------------------------------------------------------- */

static GtkWidget *
add_row (DossierCompareWindow *self,
         const DossierTagInfo *info)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *label = gtk_label_new (dossier_tag_info_get_name (info));
  GtkWidget *count = gtk_label_new (NULL);
  gboolean topic = g_strcmp0 (info->kind, "topic") == 0;
  /* What the chart counts, in words: events when the window groups them,
   * a bare number would read as either. */
  gboolean events = dossier_context_get_count_events (self->context);
  g_autofree char *number = events
    ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u event", "%u events", info->events), info->events)
    : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u story", "%u stories", info->mentions), info->mentions);
  g_autofree char *folded = NULL;

  gtk_box_append (GTK_BOX (box),
                  gtk_image_new_from_icon_name (topic ? "dossier-topic-symbolic" : "dossier-entity-symbolic"));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), label);
  gtk_label_set_text (GTK_LABEL (count), number);
  gtk_widget_add_css_class (count, "dim-label");
  gtk_widget_add_css_class (count, "caption");
  gtk_box_append (GTK_BOX (box), count);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_tooltip_text (row, dossier_tag_info_get_other_name (info));

  /* Found by either name, in any case, with Arabic letter forms folded. */
  folded = g_strdup_printf ("%s\n%s\n%s", info->slug, info->name_en != NULL ? info->name_en : "",
                            info->name_ar != NULL ? info->name_ar : "");
  g_object_set_data_full (G_OBJECT (row), "search", dossier_normalize (folded, -1), g_free);
  g_object_set_data_full (G_OBJECT (row), "slug", g_strdup (info->slug), g_free);
  return row;
}

static gboolean
add_filter_func (GtkListBoxRow *row,
                 gpointer       user_data)
{
  DossierCompareWindow *self = user_data;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->add_entry));
  g_autofree char *folded = NULL;

  if (is_chosen (self, g_object_get_data (G_OBJECT (row), "slug")))
    return FALSE;
  if (text[0] == '\0')
    return TRUE;
  folded = dossier_normalize (text, -1);
  return strstr (g_object_get_data (G_OBJECT (row), "search"), folded) != NULL;
}

static void
on_add_search_changed_cb (GtkSearchEntry       *entry,
                          DossierCompareWindow *self)
{
  gtk_list_box_invalidate_filter (self->add_list);
}

static void
on_add_popover_show_cb (GtkPopover           *popover,
                        DossierCompareWindow *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->add_entry), "");
  gtk_list_box_invalidate_filter (self->add_list);
  gtk_widget_grab_focus (GTK_WIDGET (self->add_entry));
}

static void
on_add_row_activated_cb (GtkListBox           *list,
                         GtkListBoxRow        *row,
                         DossierCompareWindow *self)
{
  gtk_popover_popdown (self->add_popover);
  dossier_compare_window_add_tag (self, g_object_get_data (G_OBJECT (row), "slug"));
}

/* The first match shown, or NULL. */
static GtkWidget *
first_match (DossierCompareWindow *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->add_list));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_BOX_ROW (child) && gtk_widget_get_child_visible (child) &&
        add_filter_func (GTK_LIST_BOX_ROW (child), self))
      return child;
  return NULL;
}

/* Down in the entry moves into the matches, as in any search list; the
 * arrows then move between them and Enter picks one. */
static gboolean
on_add_entry_key_cb (GtkEventControllerKey *controller,
                     guint                  keyval,
                     guint                  keycode,
                     GdkModifierType        state,
                     DossierCompareWindow  *self)
{
  GtkWidget *row;

  if ((keyval != GDK_KEY_Down && keyval != GDK_KEY_KP_Down) ||
      (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK)) != 0)
    return FALSE;
  row = first_match (self);
  if (row == NULL)
    return FALSE;
  gtk_widget_grab_focus (row);
  return TRUE;
}

/* Up from the first match goes back to the entry. */
static gboolean
on_add_list_keynav_failed_cb (GtkWidget            *list,
                              GtkDirectionType      direction,
                              DossierCompareWindow *self)
{
  if (direction != GTK_DIR_UP)
    return FALSE;
  gtk_widget_grab_focus (GTK_WIDGET (self->add_entry));
  return TRUE;
}

/* Enter takes the first match. */
static void
on_add_entry_activate_cb (GtkSearchEntry       *entry,
                          DossierCompareWindow *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->add_list));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_BOX_ROW (child) && add_filter_func (GTK_LIST_BOX_ROW (child), self))
      {
        on_add_row_activated_cb (self->add_list, GTK_LIST_BOX_ROW (child), self);
        return;
      }
}

static void
on_tags_listed_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(DossierCompareWindow) self = user_data;
  g_autoptr(GPtrArray) tags = NULL;
  g_autoptr(GError) error = NULL;

  tags = dossier_context_list_tags_finish (DOSSIER_CONTEXT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_loading (self, FALSE);
  if (tags == NULL)
    {
      dossier_toast_add (self->toast_overlay, error->message, 5);
      return;
    }
  for (guint i = 0; i < tags->len; i++)
    {
      DossierTagInfo *info = g_ptr_array_index (tags, i);

      /* Most mentioned first, as listed; those never mentioned would
       * only draw a flat line. */
      if ((dossier_context_get_count_events (self->context) ? info->events : info->mentions) > 0)
        gtk_list_box_append (self->add_list, add_row (self, info));
      g_hash_table_insert (self->tags, info->slug, info);
    }
  /* The hash table holds the records now. */
  g_ptr_array_set_free_func (tags, NULL);

  for (guint i = 0; i < self->waiting->len; i++)
    dossier_compare_window_add_tag (self, g_ptr_array_index (self->waiting, i));
  g_ptr_array_set_size (self->waiting, 0);
}

/* ---- Saving ------------------------------------------------------------- */

/* The header's menu, outside the card, saves the card's chart. */
static void
save_chart_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  DossierCompareWindow *self = DOSSIER_COMPARE_WINDOW (widget);

  gtk_widget_activate_action_variant (GTK_WIDGET (self->chart_card), "chart.save", parameter);
}

/* ---- Object ------------------------------------------------------------- */

static void
dossier_compare_window_dispose (GObject *object)
{
  DossierCompareWindow *self = DOSSIER_COMPARE_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->context);
  G_OBJECT_CLASS (dossier_compare_window_parent_class)->dispose (object);
}

static void
dossier_compare_window_finalize (GObject *object)
{
  DossierCompareWindow *self = DOSSIER_COMPARE_WINDOW (object);

  g_hash_table_unref (self->tags);
  g_ptr_array_unref (self->chosen);
  g_ptr_array_unref (self->waiting);
  G_OBJECT_CLASS (dossier_compare_window_parent_class)->finalize (object);
}

static void
dossier_compare_window_class_init (DossierCompareWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dossier_compare_window_dispose;
  object_class->finalize = dossier_compare_window_finalize;

  g_type_ensure (DOSSIER_TYPE_CHART_CARD);
  g_type_ensure (DOSSIER_TYPE_WRAP_BOX);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/dossierapp/Dossier/dossier-compare-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DossierCompareWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, DossierCompareWindow, add_button);
  gtk_widget_class_bind_template_child (widget_class, DossierCompareWindow, add_popover);
  gtk_widget_class_bind_template_child (widget_class, DossierCompareWindow, add_entry);
  gtk_widget_class_bind_template_child (widget_class, DossierCompareWindow, add_list);
  gtk_widget_class_bind_template_child (widget_class, DossierCompareWindow, chips);
  gtk_widget_class_bind_template_child (widget_class, DossierCompareWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, DossierCompareWindow, hint_page);
  gtk_widget_class_bind_template_child (widget_class, DossierCompareWindow, chart_card);
  gtk_widget_class_bind_template_callback (widget_class, on_add_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_add_popover_show_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_add_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_add_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_chart_loading_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_chart_message_cb);

  gtk_widget_class_install_action (widget_class, "compare.save-chart", "s", save_chart_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
dossier_compare_window_init (DossierCompareWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->tags = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) dossier_tag_info_free);
  self->chosen = g_ptr_array_new_with_free_func (g_free);
  self->waiting = g_ptr_array_new_with_free_func (g_free);

  gtk_list_box_set_filter_func (self->add_list, add_filter_func, self, NULL);
  {
    GtkEventController *keys = gtk_event_controller_key_new ();

    /* Before the entry's text, which would keep the arrow. */
    gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
    g_signal_connect (keys, "key-pressed", G_CALLBACK (on_add_entry_key_cb), self);
    gtk_widget_add_controller (GTK_WIDGET (self->add_entry), keys);
  }
  g_signal_connect (self->add_list, "keynav-failed", G_CALLBACK (on_add_list_keynav_failed_cb), self);
}

DossierCompareWindow *
dossier_compare_window_new (GtkWindow      *parent,
                            DossierContext *context)
{
  DossierCompareWindow *self = g_object_new (DOSSIER_TYPE_COMPARE_WINDOW, "transient-for", parent, NULL);

  self->context = g_object_ref (context);
  dossier_chart_card_set_context (self->chart_card, context);
  set_loading (self, TRUE);
  dossier_context_list_tags_async (context, DOSSIER_TAG_FILTER_ALL, self->cancellable,
                                   on_tags_listed_cb, g_object_ref (self));
  show_chips (self);
  return self;
}

gboolean
dossier_compare_window_add_tag (DossierCompareWindow *self,
                                const char           *slug)
{
  g_return_val_if_fail (DOSSIER_IS_COMPARE_WINDOW (self), FALSE);
  g_return_val_if_fail (slug != NULL, FALSE);

  if (g_hash_table_size (self->tags) == 0 && self->pending > 0)
    {
      /* Charted once the names are known. */
      g_ptr_array_add (self->waiting, g_strdup (slug));
      return TRUE;
    }
  if (is_chosen (self, slug) || self->chosen->len >= DOSSIER_COMPARE_MAX ||
      !g_hash_table_contains (self->tags, slug))
    return FALSE;
  g_ptr_array_add (self->chosen, g_strdup (slug));
  show_chips (self);
  gtk_list_box_invalidate_filter (self->add_list);
  load_chart (self);
  return TRUE;
}

void
dossier_compare_window_remove_tag (DossierCompareWindow *self,
                                   const char           *slug)
{
  g_return_if_fail (DOSSIER_IS_COMPARE_WINDOW (self));

  for (guint i = 0; i < self->chosen->len; i++)
    if (g_str_equal (g_ptr_array_index (self->chosen, i), slug))
      {
        g_ptr_array_remove_index (self->chosen, i);
        show_chips (self);
        gtk_list_box_invalidate_filter (self->add_list);
        load_chart (self);
        return;
      }
}

GStrv
dossier_compare_window_get_tags (DossierCompareWindow *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (DOSSIER_IS_COMPARE_WINDOW (self), NULL);

  for (guint i = 0; i < self->chosen->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (self->chosen, i));
  return g_strv_builder_end (builder);
}

void
dossier_compare_window_set_range (DossierCompareWindow *self,
                                  guint                 range)
{
  g_return_if_fail (DOSSIER_IS_COMPARE_WINDOW (self));
  g_return_if_fail (range < DOSSIER_N_CHART_RANGES);

  g_object_set (self->chart_card, "range", range, NULL);
}

DossierMentionChart *
dossier_compare_window_get_chart (DossierCompareWindow *self)
{
  g_return_val_if_fail (DOSSIER_IS_COMPARE_WINDOW (self), NULL);

  return dossier_chart_card_get_chart (self->chart_card);
}

gboolean
dossier_compare_window_is_loading (DossierCompareWindow *self)
{
  g_return_val_if_fail (DOSSIER_IS_COMPARE_WINDOW (self), FALSE);

  return self->pending > 0 || dossier_chart_card_is_loading (self->chart_card);
}
