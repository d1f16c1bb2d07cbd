/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-story-row"

#include "config.h"

#include <glib/gi18n.h>

#include "dossier-bidi.h"
#include "dossier-chip-strip.h"
#include "dossier-headline.h"
#include "dossier-highlight.h"
#include "dossier-i18n.h"
#include "dossier-story-row.h"

struct _DossierStoryRow
{
  GtkBox            parent_instance;

  GtkLabel         *day_label;
  GtkImage         *unread_dot;
  DossierHeadline  *title_label;
  GtkImage         *star_icon;
  GtkLabel         *meta_label;
  DossierChipStrip *chips_box;
  GtkWidget        *title_box;
  GtkWidget        *meta_box;

  DossierStoryItem *item;
  GHashTable       *names;
  gulong            notify_id;
};

G_DEFINE_FINAL_TYPE (DossierStoryRow, dossier_story_row, GTK_TYPE_BOX)

static void
update_read (DossierStoryRow *self)
{
  gboolean read = dossier_story_item_get_read (self->item);

  gtk_widget_set_visible (GTK_WIDGET (self->unread_dot), !read);
  if (read)
    gtk_widget_add_css_class (GTK_WIDGET (self->title_label), "dim-label");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->title_label), "dim-label");
}

/* The words the list was searched for, marked in the title. */
static void
update_highlight (DossierStoryRow *self)
{
  /* The title shown: its event's in the interface's language, if any. */
  const char *event_title = dossier_story_item_get_event_title (self->item);
  g_autoptr(PangoAttrList) attributes =
    dossier_highlight_attributes (dossier_story_item_get_search (self->item),
                                  event_title != NULL ? event_title : dossier_story_item_get_title (self->item));

  dossier_headline_set_attributes (self->title_label, attributes);
}

static void
update_day (DossierStoryRow *self)
{
  gboolean first = dossier_story_item_get_first_of_day (self->item);

  gtk_widget_set_visible (GTK_WIDGET (self->day_label), first);
  if (first)
    {
      g_autofree char *day = dossier_format_day (dossier_story_item_get_published (self->item),
                                                 g_get_real_time () / G_USEC_PER_SEC);

      gtk_label_set_text (self->day_label, day);
    }
}

/* "5 sources · Arabic, English" for an event of several reports, else
 * NULL. */
static char *
event_sources_text (DossierStoryItem *item)
{
  guint n = dossier_story_item_get_event_stories (item);
  const char *languages = dossier_story_item_get_event_languages (item);
  g_autofree char *count = NULL;
  g_autofree char *codes = NULL;

  if (n < 2)
    return NULL;
  /* TRANSLATORS: how many reports an event in the timeline has */
  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u source", "%u sources", n), n);
  if (languages == NULL)
    return g_steal_pointer (&count);
  codes = dossier_i18n_language_names (languages);
  if (codes == NULL)
    return g_steal_pointer (&count);
  /* TRANSLATORS: "5 sources · Arabic, English": the count, then the languages */
  return g_strdup_printf (_("%s · %s"), count, codes);
}

static void
update (DossierStoryRow *self)
{
  DossierStoryItem *item = self->item;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  const char * const *entities;
  const char *names[DOSSIER_CHIP_STRIP_MAX];
  g_autofree char *when = NULL;
  g_autofree char *meta = NULL;
  const char *title;
  guint n_names = 0, total = 0;

  if (item == NULL || !dossier_story_item_get_loaded (item))
    {
      dossier_chip_strip_set_names (self->chips_box, NULL, 0, 0);
      dossier_headline_set_text (self->title_label, "");
      gtk_label_set_text (self->meta_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->day_label), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->unread_dot), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->star_icon), FALSE);
      return;
    }

  /* An event's title in the interface's language, when a source has one. */
  title = dossier_story_item_get_event_title (item) != NULL ? dossier_story_item_get_event_title (item)
                                                          : dossier_story_item_get_title (item);
  dossier_headline_set_text (self->title_label, title != NULL ? title : _("(Untitled)"));
  update_highlight (self);
  /* The feed, time and chips line up under the title, in its direction,
   * whatever the interface's. */
  dossier_widget_set_direction_from_text (GTK_WIDGET (self->title_label), title);
  dossier_widget_set_direction_from_text (GTK_WIDGET (self->meta_label), title);
  dossier_widget_set_direction_from_text (GTK_WIDGET (self->chips_box), title);
  /* A widget's direction is its own, not its parent's: the box that lays
   * them out needs it too. The title's box keeps the interface's, so
   * that the unread dot stays on its starting side from row to row. */
  dossier_widget_set_direction_from_text (self->meta_box, title);
  update_read (self);
  gtk_widget_set_visible (GTK_WIDGET (self->star_icon), dossier_story_item_get_starred (item));

  when = dossier_format_relative (dossier_story_item_get_published (item), now);
  {
    g_autofree char *sources = event_sources_text (item);
    const char *parts[] = { dossier_story_item_get_feed_title (item), when, sources };

    meta = dossier_bidi_join (GTK_WIDGET (self->meta_label), parts, sources != NULL ? 3 : 2);
  }
  gtk_label_set_text (self->meta_label, meta);

  update_day (self);

  entities = dossier_story_item_get_entities (item);
  for (guint i = 0; entities != NULL && entities[i] != NULL; i++, total++)
    if (n_names < DOSSIER_CHIP_STRIP_MAX)
      {
        const char *name = self->names != NULL ? g_hash_table_lookup (self->names, entities[i]) : NULL;

        names[n_names++] = name != NULL ? name : entities[i];
      }
  /* As many whole names as the row has room for, and "+N". */
  dossier_chip_strip_set_names (self->chips_box, names, n_names, total);
}

/* Only what changed: marking a story read or a new day heading need not
 * set the title and chips again. */
static void
on_item_notify_cb (DossierStoryItem *item,
                   GParamSpec       *pspec,
                   DossierStoryRow  *self)
{
  if (!dossier_story_item_get_loaded (item) || g_str_equal (pspec->name, "loaded"))
    update (self);
  else if (g_str_equal (pspec->name, "read"))
    update_read (self);
  else if (g_str_equal (pspec->name, "starred"))
    gtk_widget_set_visible (GTK_WIDGET (self->star_icon), dossier_story_item_get_starred (item));
  else if (g_str_equal (pspec->name, "first-of-day"))
    update_day (self);
  else if (g_str_equal (pspec->name, "search"))
    update_highlight (self);
  else
    update (self);
}

static void
dossier_story_row_dispose (GObject *object)
{
  DossierStoryRow *self = DOSSIER_STORY_ROW (object);

  dossier_story_row_unbind (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), DOSSIER_TYPE_STORY_ROW);

  G_OBJECT_CLASS (dossier_story_row_parent_class)->dispose (object);
}

static void
dossier_story_row_class_init (DossierStoryRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dossier_story_row_dispose;

  g_type_ensure (DOSSIER_TYPE_HEADLINE);
  g_type_ensure (DOSSIER_TYPE_CHIP_STRIP);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/dossierapp/Dossier/dossier-story-row.ui");
  gtk_widget_class_bind_template_child (widget_class, DossierStoryRow, day_label);
  gtk_widget_class_bind_template_child (widget_class, DossierStoryRow, unread_dot);
  gtk_widget_class_bind_template_child (widget_class, DossierStoryRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, DossierStoryRow, star_icon);
  gtk_widget_class_bind_template_child (widget_class, DossierStoryRow, meta_label);
  gtk_widget_class_bind_template_child (widget_class, DossierStoryRow, chips_box);
  gtk_widget_class_bind_template_child (widget_class, DossierStoryRow, title_box);
  gtk_widget_class_bind_template_child (widget_class, DossierStoryRow, meta_box);
}

static void
dossier_story_row_init (DossierStoryRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
dossier_story_row_new (void)
{
  return g_object_new (DOSSIER_TYPE_STORY_ROW, NULL);
}

void
dossier_story_row_bind (DossierStoryRow  *self,
                        DossierStoryItem *item,
                        GHashTable       *names)
{
  dossier_story_row_unbind (self);
  self->item = g_object_ref (item);
  self->names = names != NULL ? g_hash_table_ref (names) : NULL;
  self->notify_id = g_signal_connect (item, "notify", G_CALLBACK (on_item_notify_cb), self);
  update (self);
}

void
dossier_story_row_unbind (DossierStoryRow *self)
{
  if (self->item != NULL)
    g_clear_signal_handler (&self->notify_id, self->item);
  g_clear_object (&self->item);
  g_clear_pointer (&self->names, g_hash_table_unref);
}

/* Whole local days from @then to @today: 1 for yesterday, across a new
 * year too. */
static int
days_between (GDateTime *then,
              GDateTime *today)
{
  g_autoptr(GDate) a = g_date_new_dmy (g_date_time_get_day_of_month (then), g_date_time_get_month (then),
                                       g_date_time_get_year (then));
  g_autoptr(GDate) b = g_date_new_dmy (g_date_time_get_day_of_month (today), g_date_time_get_month (today),
                                       g_date_time_get_year (today));

  return g_date_days_between (a, b);
}

char *
dossier_format_day (gint64 published,
                    gint64 now)
{
  g_autoptr(GDateTime) then = g_date_time_new_from_unix_local (published);
  g_autoptr(GDateTime) today = g_date_time_new_from_unix_local (now);
  int days;

  if (then == NULL || today == NULL)
    return g_strdup ("");
  days = days_between (then, today);
  if (days == 0)
    return g_strdup (_("Today"));
  if (days == 1)
    return g_strdup (_("Yesterday"));
  /* TRANSLATORS: a day heading in the timeline, strftime format for
   * g_date_time_format (): %-d is the day without padding */
  return g_date_time_format (then, _("%A, %-d %B %Y"));
}

char *
dossier_format_relative (gint64 published,
                         gint64 now)
{
  gint64 ago = now - published;
  g_autoptr(GDateTime) then = g_date_time_new_from_unix_local (published);

  if (then == NULL)
    return g_strdup ("");
  if (ago >= 0 && ago < 60)
    return g_strdup (_("just now"));
  if (ago >= 0 && ago < 3600)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute ago", "%d minutes ago", ago / 60),
                            (int) (ago / 60));
  if (ago >= 0 && ago < 12 * 3600)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d hour ago", "%d hours ago", ago / 3600),
                            (int) (ago / 3600));
  /* TRANSLATORS: the time of a story, strftime format */
  return g_date_time_format (then, _("%H:%M"));
}

char *
dossier_format_date (gint64 published,
                     gint64 now)
{
  g_autoptr(GDateTime) then = g_date_time_new_from_unix_local (published);
  g_autoptr(GDateTime) today = g_date_time_new_from_unix_local (now);
  g_autofree char *day = NULL;
  g_autofree char *time = NULL;

  if (then == NULL || today == NULL)
    return g_strdup ("");
  if (now - published >= 0 && now - published < 12 * 3600)
    return dossier_format_relative (published, now);
  if (days_between (then, today) > 1 || days_between (then, today) < 0)
    /* TRANSLATORS: a date standing alone, strftime format */
    return g_date_time_format (then, _("%-d %B %Y"));
  day = dossier_format_day (published, now);
  time = dossier_format_relative (published, now);
  /* TRANSLATORS: "Yesterday, 09:00" */
  return g_strdup_printf (_("%s, %s"), day, time);
}
