/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-sidebar"

#include "config.h"

#include <glib/gi18n.h>

#include "dossier-remote-image.h"
#include "dossier-sidebar.h"

typedef struct _SidebarFill SidebarFill;

struct _DossierSidebar
{
  AdwBin          parent_instance;

  /* Template children */
  GtkListBox     *list;
  GMenuModel     *feed_menu;
  GMenuModel     *search_menu;

  /* Main thread only */
  DossierContext *context;
  GCancellable   *cancellable;    /* cancelled on dispose */
  GHashTable     *names;          /* slug -> name in the interface's language */
  GPtrArray      *searches;       /* DossierSavedSearch *: the rows' */
  GPtrArray      *feeds;          /* DossierFeedInfo *, as last listed */
  SidebarFill    *sidebar_fill;   /* the rows still to make, if any */
  guint           sidebar_tick;
  gboolean        show_images;
  /* The row to select: what the timeline shows. */
  DossierFilter   selected_filter;
  char           *selected_slug;
  gint64          selected_id;
  gint64          choose_feed;    /* a new feed to show once listed */
  gint64          choose_search;  /* a new saved search, likewise */
};

G_DEFINE_FINAL_TYPE (DossierSidebar, dossier_sidebar, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SHOW_IMAGES,
  PROP_FEED_MENU,
  PROP_SEARCH_MENU,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_FILTER_CHOSEN,
  SIGNAL_LOADED,
  SIGNAL_NAMES_CHANGED,
  SIGNAL_ERROR,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct {
  DossierFilter  filter;
  char          *slug;
  gint64         feed_id;
  char          *name;
  const char    *section;   /* static: the heading over its group */
  gboolean       nested;    /* a feed inside a folder */
  char          *icon_url;  /* a feed's own icon, or NULL */
  char          *feed_url;  /* the feed's address, which its icon is for */
  char          *tooltip;   /* the name in the other language, or NULL */
} SidebarEntry;

static void
sidebar_entry_free (SidebarEntry *entry)
{
  g_free (entry->slug);
  g_free (entry->name);
  g_free (entry->icon_url);
  g_free (entry->feed_url);
  g_free (entry->tooltip);
  g_free (entry);
}

static void
select_row (DossierSidebar *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      SidebarEntry *entry = g_object_get_data (G_OBJECT (child), "entry");

      if (entry != NULL && entry->filter == self->selected_filter &&
          g_strcmp0 (entry->slug, self->selected_slug) == 0 && entry->feed_id == self->selected_id)
        {
          gtk_list_box_select_row (self->list, GTK_LIST_BOX_ROW (child));
          return;
        }
    }
  gtk_list_box_unselect_all (self->list);
}

static DossierSavedSearch *
find_search (DossierSidebar *self,
             gint64          search_id)
{
  for (guint i = 0; self->searches != NULL && i < self->searches->len; i++)
    {
      DossierSavedSearch *search = g_ptr_array_index (self->searches, i);

      if (search->id == search_id)
        return search;
    }
  return NULL;
}

/* What a click on @row does. */
static void
choose_row (DossierSidebar *self,
            GtkListBoxRow  *row)
{
  SidebarEntry *entry = g_object_get_data (G_OBJECT (row), "entry");

  if (entry == NULL)
    return;
  if (entry->filter == DOSSIER_FILTER_SAVED)
    dossier_sidebar_choose_search (self, entry->feed_id);
  else
    g_signal_emit (self, signals[SIGNAL_FILTER_CHOSEN], 0, entry->filter, entry->slug, entry->feed_id,
                   entry->name, NULL);
}

/* Shows @count and @problem on a row made by sidebar_row (); TRUE if that
 * changed what the row shows. Only what differs is set: a tooltip set
 * asks the display where the pointer is, and a label set is laid out
 * again, which for a few hundred rows would stall the window. */
static gboolean
update_sidebar_row (GtkWidget  *row,
                    guint       count,
                    gboolean    show_count,
                    const char *problem)
{
  GtkWidget *warning = g_object_get_data (G_OBJECT (row), "warning");
  GtkWidget *number = g_object_get_data (G_OBJECT (row), "count");
  char text[16];
  gboolean changed = FALSE;

  g_snprintf (text, sizeof text, "%u", count);
  if (g_strcmp0 (gtk_widget_get_tooltip_text (warning), problem) != 0)
    {
      gtk_widget_set_tooltip_text (warning, problem);
      gtk_widget_set_visible (warning, problem != NULL);
      changed = TRUE;
    }
  if (!g_str_equal (gtk_label_get_text (GTK_LABEL (number)), text))
    {
      gtk_label_set_text (GTK_LABEL (number), text);
      changed = TRUE;
    }
  gtk_widget_set_visible (number, show_count && count > 0);
  return changed;
}

/* @images: where a feed's icon comes from, NULL not to fetch it. */
static GtkWidget *
sidebar_row (SidebarEntry      *entry,
             const char        *icon_name,
             guint              count,
             gboolean           show_count,
             const char        *problem,
             DossierImageCache *images)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *label = gtk_label_new (entry->name);
  GtkWidget *warning = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  GtkWidget *number = gtk_label_new (NULL);

  GtkWidget *icon = entry->filter == DOSSIER_FILTER_FEED
                    ? dossier_feed_icon_new (images, entry->icon_url, entry->feed_url, icon_name)
                    : gtk_image_new_from_icon_name (icon_name);

  if (entry->nested)
    gtk_widget_set_margin_start (box, 20);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_widget_set_tooltip_text (row, entry->tooltip);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), label);
  gtk_widget_add_css_class (warning, "warning");
  gtk_widget_set_visible (warning, FALSE);
  gtk_box_append (GTK_BOX (box), warning);
  gtk_widget_add_css_class (number, "dim-label");
  gtk_widget_add_css_class (number, "caption");
  gtk_box_append (GTK_BOX (box), number);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data_full (G_OBJECT (row), "entry", entry, (GDestroyNotify) sidebar_entry_free);
  g_object_set_data (G_OBJECT (row), "label", label);
  g_object_set_data (G_OBJECT (row), "icon", icon);
  g_object_set_data (G_OBJECT (row), "warning", warning);
  g_object_set_data (G_OBJECT (row), "count", number);
  update_sidebar_row (row, count, show_count, problem);
  return row;
}

/* Filling the sidebar: rows that stand for the same thing are kept and
 * only their counts change. The others are made, moved or removed a batch
 * a frame, as the timeline grows: the first refresh of a new database
 * brings a hundred entities and topics at once, and making their rows and
 * laying them out in one frame would stall the window. */
struct _SidebarFill {
  GPtrArray  *wants;      /* SidebarWant *, in the order shown */
  DossierImageCache *images; /* feed icons' source, NULL with images off */
  GHashTable *positions;  /* SidebarEntry * of a want -> its index + 1 */
  guint       index;      /* the first row not yet as wanted */
  gboolean    waited;     /* a frame has gone by since the rows were read */
};

/* A frame's work: making a row costs FILL_MAKE, moving one FILL_MOVE,
 * removing one or changing its name or count 1: some eight new rows a
 * frame, beside the timeline's dozen. */
#define FILL_BATCH 32
#define FILL_MAKE  4
#define FILL_MOVE  2

/* A row as the sidebar is to show it. */
typedef struct {
  SidebarEntry *entry;
  const char   *icon_name;  /* static */
  guint         count;
  gboolean      show_count;
  char         *problem;
} SidebarWant;

static void
sidebar_want_free (SidebarWant *want)
{
  sidebar_entry_free (want->entry);
  g_free (want->problem);
  g_free (want);
}

/* Whether two entries stand for the same thing, perhaps under another
 * name: a feed's first refresh gives it its title. */
static gboolean
same_entry (const SidebarEntry *a,
            const SidebarEntry *b)
{
  return a->filter == b->filter && a->feed_id == b->feed_id && a->nested == b->nested &&
         a->section == b->section && g_strcmp0 (a->slug, b->slug) == 0;
}

static guint
entry_hash (gconstpointer data)
{
  const SidebarEntry *entry = data;

  return (entry->slug != NULL ? g_str_hash (entry->slug) : 0) ^ (guint) entry->feed_id ^ ((guint) entry->filter << 24);
}

static gboolean
entry_equal (gconstpointer a,
             gconstpointer b)
{
  return same_entry (a, b);
}

static SidebarEntry *
copy_entry (const SidebarEntry *entry)
{
  SidebarEntry *copy = g_memdup2 (entry, sizeof *entry);

  copy->slug = g_strdup (entry->slug);
  copy->name = g_strdup (entry->name);
  copy->icon_url = g_strdup (entry->icon_url);
  copy->feed_url = g_strdup (entry->feed_url);
  copy->tooltip = g_strdup (entry->tooltip);
  return copy;
}

static SidebarFill *
sidebar_fill_new (void)
{
  SidebarFill *fill = g_new0 (SidebarFill, 1);

  fill->wants = g_ptr_array_new_with_free_func ((GDestroyNotify) sidebar_want_free);
  fill->positions = g_hash_table_new (entry_hash, entry_equal);
  return fill;
}

static void
sidebar_fill_free (SidebarFill *fill)
{
  g_hash_table_unref (fill->positions);
  g_ptr_array_unref (fill->wants);
  g_free (fill);
}

/* Asks for a row after those asked for so far; takes @entry. */
static void
fill_row (SidebarFill  *fill,
          SidebarEntry *entry,
          const char   *icon_name,
          guint         count,
          gboolean      show_count,
          const char   *problem)
{
  SidebarWant *want = g_new0 (SidebarWant, 1);

  want->entry = entry;
  want->icon_name = icon_name;
  want->count = count;
  want->show_count = show_count;
  want->problem = g_strdup (problem);
  g_ptr_array_add (fill->wants, want);
  if (!g_hash_table_contains (fill->positions, entry))
    g_hash_table_insert (fill->positions, entry, GUINT_TO_POINTER (fill->wants->len));
}

/* Shows @want on a row that stands for the same thing; TRUE if that
 * changed what the row shows. */
static gboolean
refill_row (GtkListBoxRow *row,
            SidebarWant   *want)
{
  SidebarEntry *entry = g_object_get_data (G_OBJECT (row), "entry");
  gboolean renamed = g_strcmp0 (entry->name, want->entry->name) != 0;

  if (renamed)
    {
      g_free (entry->name);
      entry->name = g_strdup (want->entry->name);
      gtk_label_set_text (g_object_get_data (G_OBJECT (row), "label"), entry->name);
    }
  /* A saved search's icon says whether it is watched. */
  if (entry->filter == DOSSIER_FILTER_SAVED && want->icon_name != NULL)
    gtk_image_set_from_icon_name (g_object_get_data (G_OBJECT (row), "icon"), want->icon_name);
  return update_sidebar_row (GTK_WIDGET (row), want->count, want->show_count, want->problem) || renamed;
}

/* Whether what @entry stands for is wanted below the row being filled. */
static gboolean
wanted_below (SidebarFill        *fill,
              const SidebarEntry *entry)
{
  guint position = entry != NULL ? GPOINTER_TO_UINT (g_hash_table_lookup (fill->positions, entry)) : 0;

  return position > fill->index + 1;
}

/* Brings the rows from @fill's index on nearer to those wanted, for at
 * most a frame's work (headers are the list box's children too, so rows
 * are found by index); TRUE once the sidebar shows what is wanted. */
static gboolean
fill_step (GtkListBox  *box,
           SidebarFill *fill)
{
  /* The rows not yet matched, by what they stand for. */
  g_autoptr(GHashTable) rows = g_hash_table_new (entry_hash, entry_equal);
  GtkListBoxRow *row;
  guint work = 0;

  for (int i = fill->index; (row = gtk_list_box_get_row_at_index (box, i)) != NULL; i++)
    {
      SidebarEntry *entry = g_object_get_data (G_OBJECT (row), "entry");

      if (entry != NULL)
        g_hash_table_insert (rows, entry, row);
    }

  while (fill->index < fill->wants->len && work < FILL_BATCH)
    {
      SidebarWant *want = g_ptr_array_index (fill->wants, fill->index);
      GtkListBoxRow *match;
      SidebarEntry *old;

      row = gtk_list_box_get_row_at_index (box, fill->index);
      old = row != NULL ? g_object_get_data (G_OBJECT (row), "entry") : NULL;
      if (old != NULL && same_entry (old, want->entry))
        {
          g_hash_table_remove (rows, old);
          work += refill_row (row, want);
          fill->index++;
          continue;
        }
      if (row != NULL && !wanted_below (fill, old))
        {
          /* What the row stood for is gone. */
          if (old != NULL)
            g_hash_table_remove (rows, old);
          gtk_list_box_remove (box, GTK_WIDGET (row));
          work++;
          continue;
        }
      match = g_hash_table_lookup (rows, want->entry);
      if (match != NULL)
        {
          /* Moved up, as an entity does when it passes another's count:
           * the row is kept. */
          g_hash_table_remove (rows, want->entry);
          g_object_ref (match);
          gtk_list_box_remove (box, GTK_WIDGET (match));
          gtk_list_box_insert (box, GTK_WIDGET (match), fill->index);
          refill_row (match, want);
          g_object_unref (match);
          work += FILL_MOVE;
        }
      else
        {
          gtk_list_box_insert (box, sidebar_row (copy_entry (want->entry), want->icon_name, want->count,
                                                 want->show_count, want->problem, fill->images),
                               fill->index);
          work += FILL_MAKE;
        }
      fill->index++;
    }

  /* Rows for what is no more. */
  while (fill->index == fill->wants->len && work < FILL_BATCH &&
         (row = gtk_list_box_get_row_at_index (box, fill->index)) != NULL)
    {
      gtk_list_box_remove (box, GTK_WIDGET (row));
      work++;
    }
  return fill->index == fill->wants->len && gtk_list_box_get_row_at_index (box, fill->index) == NULL;
}

static void
stop_sidebar_fill (DossierSidebar *self)
{
  if (self->sidebar_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->list), self->sidebar_tick);
  self->sidebar_tick = 0;
  g_clear_pointer (&self->sidebar_fill, sidebar_fill_free);
}

static gboolean
sidebar_fill_tick_cb (GtkWidget     *widget,
                      GdkFrameClock *frame_clock,
                      gpointer       user_data)
{
  DossierSidebar *self = user_data;

  /* The frame after the rows were read is the timeline's, whose first
   * screenful is read at the same time. */
  if (!self->sidebar_fill->waited)
    {
      self->sidebar_fill->waited = TRUE;
      return G_SOURCE_CONTINUE;
    }
  if (!fill_step (self->list, self->sidebar_fill))
    return G_SOURCE_CONTINUE;
  self->sidebar_tick = 0;
  stop_sidebar_fill (self);
  /* The chosen row may have been made, or moved, only now. */
  select_row (self);
  return G_SOURCE_REMOVE;
}

static SidebarEntry *
new_entry (DossierFilter  filter,
           const char    *slug,
           gint64         feed_id,
           const char    *name,
           const char    *section)
{
  SidebarEntry *entry = g_new0 (SidebarEntry, 1);

  entry->filter = filter;
  entry->slug = g_strdup (slug);
  entry->feed_id = feed_id;
  entry->name = g_strdup (name);
  entry->section = section;
  return entry;
}

static void
sidebar_header_func (GtkListBoxRow *row,
                     GtkListBoxRow *before,
                     gpointer       user_data)
{
  SidebarEntry *entry = g_object_get_data (G_OBJECT (row), "entry");
  SidebarEntry *previous = before != NULL ? g_object_get_data (G_OBJECT (before), "entry") : NULL;

  if (entry->section != NULL && (previous == NULL || previous->section != entry->section))
    {
      GtkWidget *label = gtk_label_new (_(entry->section));

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_set_margin_start (label, 12);
      gtk_widget_set_margin_top (label, 12);
      gtk_widget_set_margin_bottom (label, 4);
      gtk_widget_add_css_class (label, "heading");
      gtk_widget_add_css_class (label, "dim-label");
      gtk_list_box_row_set_header (row, label);
    }
  else
    gtk_list_box_row_set_header (row, NULL);
}

static void
on_row_activated_cb (GtkListBox     *box,
                     GtkListBoxRow  *row,
                     DossierSidebar *self)
{
  choose_row (self, row);
}

typedef struct {
  DossierSidebar *self;
  GPtrArray      *tags;
  GPtrArray      *feeds;
  GPtrArray      *searches;
  guint           pending;
} SidebarLoad;

static gboolean
same_names (GHashTable *a,
            GHashTable *b)
{
  GHashTableIter iter;
  gpointer key, value;

  if (g_hash_table_size (a) != g_hash_table_size (b))
    return FALSE;
  g_hash_table_iter_init (&iter, a);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (g_strcmp0 (value, g_hash_table_lookup (b, key)) != 0)
      return FALSE;
  return TRUE;
}

static void
fill_sidebar (DossierSidebar *self,
              GPtrArray      *tags,
              GPtrArray      *feeds)
{
  SidebarFill *fill = sidebar_fill_new ();
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  /* With images off, a feed's icon is not even asked for. */
  if (self->show_images)
    fill->images = dossier_image_cache_get_default ();


  fill_row (fill, new_entry (DOSSIER_FILTER_ALL, NULL, 0, _("All Stories"), NULL),
            "view-list-symbolic", 0, FALSE, NULL);
  fill_row (fill, new_entry (DOSSIER_FILTER_UNREAD, NULL, 0, _("Unread"), NULL),
            "mail-unread-symbolic", 0, FALSE, NULL);
  fill_row (fill, new_entry (DOSSIER_FILTER_STARRED, NULL, 0, _("Starred"), NULL),
            "starred-symbolic", 0, FALSE, NULL);

  /* Saved searches keep their id where a feed's row keeps the feed's. */
  for (guint i = 0; self->searches != NULL && i < self->searches->len; i++)
    {
      DossierSavedSearch *search = g_ptr_array_index (self->searches, i);

      fill_row (fill, new_entry (DOSSIER_FILTER_SAVED, NULL, search->id, search->name, N_("Saved Searches")),
                search->watched ? "dossier-watch-symbolic" : "folder-saved-search-symbolic", 0, FALSE, NULL);
    }

  for (guint pass = 0; pass < 2 && tags != NULL; pass++)
    for (guint i = 0; i < tags->len; i++)
      {
        DossierTagInfo *tag = g_ptr_array_index (tags, i);
        gboolean topic = g_str_equal (tag->kind, "topic");
        const char *name = dossier_tag_info_get_name (tag);
        SidebarEntry *entry;

        if (pass == 0)
          g_hash_table_insert (names, g_strdup (tag->slug), g_strdup (name));
        /* Entities first, then topics; those never mentioned stay out of
         * the way. */
        if ((pass == 0) == topic || tag->mentions == 0)
          continue;
        entry = new_entry (topic ? DOSSIER_FILTER_TOPIC : DOSSIER_FILTER_ENTITY, tag->slug, 0, name,
                           topic ? N_("Topics") : N_("Entities"));
        /* The other language's name, for a reader of both. */
        entry->tooltip = g_strdup (dossier_tag_info_get_other_name (tag));
        fill_row (fill, entry, topic ? "dossier-topic-symbolic" : "dossier-entity-symbolic", tag->mentions, TRUE,
                  NULL);
      }

  for (guint i = 0; feeds != NULL && i < feeds->len; i++)
    {
      DossierFeedInfo *feed = g_ptr_array_index (feeds, i);
      DossierFeedInfo *previous = i > 0 ? g_ptr_array_index (feeds, i - 1) : NULL;
      const char *problem = NULL;
      g_autofree char *gone = NULL;
      SidebarEntry *entry;

      /* Feeds come by folder: a folder's row goes before its first feed,
       * with the unread stories of all of them. */
      if (feed->folder != NULL && (previous == NULL || g_strcmp0 (previous->folder, feed->folder) != 0))
        {
          guint unread = 0;

          for (guint j = i; j < feeds->len; j++)
            {
              DossierFeedInfo *other = g_ptr_array_index (feeds, j);

              if (g_strcmp0 (other->folder, feed->folder) != 0)
                break;
              unread += other->unread_count;
            }
          fill_row (fill, new_entry (DOSSIER_FILTER_FOLDER, feed->folder, 0, feed->folder, N_("Feeds")),
                    "dossier-folder-symbolic", unread, TRUE, NULL);
        }

      if (feed->status == DOSSIER_FEED_STATUS_GONE)
        problem = gone = g_strdup (_("This feed no longer exists and is not refreshed"));
      else if (feed->status == DOSSIER_FEED_STATUS_ERROR)
        problem = feed->last_error != NULL ? feed->last_error : _("The last refresh failed");
      entry = new_entry (DOSSIER_FILTER_FEED, NULL, feed->id, feed->title != NULL ? feed->title : feed->url,
                         N_("Feeds"));
      entry->nested = feed->folder != NULL;
      entry->icon_url = g_strdup (feed->icon_url);
      entry->feed_url = g_strdup (feed->url);
      fill_row (fill, entry, "dossier-feed-symbolic", feed->unread_count, TRUE, problem);
    }
  /* A batch a frame, from the next one on: the timeline's first rows,
   * read at the same time, are laid out in this one. A fill under way
   * gives way to this one. Nothing is drawn before the window is shown,
   * so until then the rows are all made at once. */
  /* The names others show are told of only when one changed: rows made
   * again for nothing would cost a refresh's frames. */
  if (tags != NULL && !same_names (self->names, names))
    {
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_remove_all (self->names);
      g_hash_table_iter_init (&iter, names);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_insert (self->names, g_strdup (key), g_strdup (value));
      g_signal_emit (self, signals[SIGNAL_NAMES_CHANGED], 0);
    }

  g_clear_pointer (&self->sidebar_fill, sidebar_fill_free);
  self->sidebar_fill = fill;
  if (!gtk_widget_get_realized (GTK_WIDGET (self->list)))
    {
      while (!fill_step (self->list, fill))
        ;
      stop_sidebar_fill (self);
    }
  else if (self->sidebar_tick == 0)
    self->sidebar_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self->list), sidebar_fill_tick_cb, self, NULL);

  if (feeds != NULL)
    {
      g_clear_pointer (&self->feeds, g_ptr_array_unref);
      self->feeds = g_ptr_array_ref (feeds);
    }
  select_row (self);
  if (feeds != NULL)
    g_signal_emit (self, signals[SIGNAL_LOADED], 0, feeds->len > 0);

  /* A new feed or saved search is shown once it is listed. */
  if (self->choose_search != 0)
    {
      gint64 id = self->choose_search;

      self->choose_search = 0;
      dossier_sidebar_choose_search (self, id);
    }
  if (self->choose_feed != 0)
    {
      gint64 id = self->choose_feed;
      const char *title = dossier_sidebar_get_feed_title (self, id);

      self->choose_feed = 0;
      if (title != NULL)
        g_signal_emit (self, signals[SIGNAL_FILTER_CHOSEN], 0, DOSSIER_FILTER_FEED, NULL, id, title, NULL);
    }
}

static void
sidebar_load_step (SidebarLoad *load)
{
  if (--load->pending > 0)
    return;
  if (load->searches != NULL)
    {
      g_clear_pointer (&load->self->searches, g_ptr_array_unref);
      load->self->searches = g_steal_pointer (&load->searches);
    }
  fill_sidebar (load->self, load->tags, load->feeds);
  g_clear_pointer (&load->tags, g_ptr_array_unref);
  g_clear_pointer (&load->feeds, g_ptr_array_unref);
  g_object_unref (load->self);
  g_free (load);
}

/* The three lists the sidebar is made of, each from its own job. */
static void
on_sidebar_list_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  SidebarLoad *load = user_data;
  DossierContext *context = DOSSIER_CONTEXT (source);
  gpointer tag = g_task_get_source_tag (G_TASK (result));
  g_autoptr(GError) error = NULL;
  GPtrArray **slot;
  const char *problem;

  if (tag == dossier_context_list_tags_async)
    {
      slot = &load->tags;
      *slot = dossier_context_list_tags_finish (context, result, &error);
      problem = _("Cannot read the entities and topics");
    }
  else if (tag == dossier_context_list_feeds_async)
    {
      slot = &load->feeds;
      *slot = dossier_context_list_feeds_finish (context, result, &error);
      problem = _("Cannot read the feeds");
    }
  else
    {
      slot = &load->searches;
      *slot = dossier_context_list_searches_finish (context, result, &error);
      problem = _("Cannot read the saved searches");
    }
  if (*slot == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_signal_emit (load->self, signals[SIGNAL_ERROR], 0, problem, error->message);
  sidebar_load_step (load);
}

void
dossier_sidebar_reload (DossierSidebar *self)
{
  g_return_if_fail (DOSSIER_IS_SIDEBAR (self));
  g_return_if_fail (self->context != NULL);

  SidebarLoad *load = g_new0 (SidebarLoad, 1);

  load->self = g_object_ref (self);
  load->pending = 3;
  dossier_context_list_searches_async (self->context, self->cancellable, on_sidebar_list_cb, load);
  dossier_context_list_tags_async (self->context, DOSSIER_TAG_FILTER_ALL, self->cancellable,
                                   on_sidebar_list_cb, load);
  dossier_context_list_feeds_async (self->context, self->cancellable, on_sidebar_list_cb, load);
}

static void
on_sidebar_pressed_cb (GtkGestureClick *gesture,
                       int              n_press,
                       double           x,
                       double           y,
                       DossierSidebar  *self)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_y (self->list, (int) y);
  SidebarEntry *entry = row != NULL ? g_object_get_data (G_OBJECT (row), "entry") : NULL;
  GtkWidget *popover;
  GdkRectangle at = { (int) x, (int) y, 1, 1 };

  /* A feed's menu acts on the feed shown, so the click shows it first. */
  if (entry == NULL || (entry->filter != DOSSIER_FILTER_FEED && entry->filter != DOSSIER_FILTER_SAVED))
    return;
  choose_row (self, row);
  popover = gtk_popover_menu_new_from_model (entry->filter == DOSSIER_FILTER_SAVED ? self->search_menu
                                                                                  : self->feed_menu);
  gtk_widget_set_parent (popover, GTK_WIDGET (self->list));
  gtk_popover_set_pointing_to (GTK_POPOVER (popover), &at);
  gtk_popover_set_has_arrow (GTK_POPOVER (popover), FALSE);
  gtk_widget_set_halign (popover, GTK_ALIGN_START);
  g_signal_connect (popover, "closed", G_CALLBACK (gtk_widget_unparent), NULL);
  gtk_popover_popup (GTK_POPOVER (popover));
  if (gesture != NULL)
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
on_sidebar_long_pressed_cb (DossierSidebar *self,
                            double          x,
                            double          y,
                            GtkGesture     *gesture)
{
  on_sidebar_pressed_cb (NULL, 1, x, y, self);
}

/* ---- Object ------------------------------------------------------------- */

static void
dossier_sidebar_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  DossierSidebar *self = DOSSIER_SIDEBAR (object);

  switch (prop_id)
    {
    case PROP_SHOW_IMAGES:
      g_value_set_boolean (value, self->show_images);
      break;
    case PROP_FEED_MENU:
      g_value_set_object (value, self->feed_menu);
      break;
    case PROP_SEARCH_MENU:
      g_value_set_object (value, self->search_menu);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dossier_sidebar_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  DossierSidebar *self = DOSSIER_SIDEBAR (object);

  switch (prop_id)
    {
    case PROP_SHOW_IMAGES:
      if (self->show_images == g_value_get_boolean (value))
        return;
      self->show_images = g_value_get_boolean (value);
      g_object_notify_by_pspec (object, pspec);
      /* Until the first list, there are no rows to make again. */
      if (self->feeds != NULL)
        {
          GtkListBoxRow *row;

          /* The feeds' rows are made again, with or without their icons. */
          for (int i = 0; (row = gtk_list_box_get_row_at_index (self->list, i)) != NULL;)
            {
              SidebarEntry *entry = g_object_get_data (G_OBJECT (row), "entry");

              if (entry != NULL && entry->filter == DOSSIER_FILTER_FEED)
                gtk_list_box_remove (self->list, GTK_WIDGET (row));
              else
                i++;
            }
          dossier_sidebar_reload (self);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dossier_sidebar_dispose (GObject *object)
{
  DossierSidebar *self = DOSSIER_SIDEBAR (object);

  g_cancellable_cancel (self->cancellable);
  stop_sidebar_fill (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), DOSSIER_TYPE_SIDEBAR);
  g_clear_object (&self->context);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->names, g_hash_table_unref);
  g_clear_pointer (&self->searches, g_ptr_array_unref);
  g_clear_pointer (&self->feeds, g_ptr_array_unref);

  G_OBJECT_CLASS (dossier_sidebar_parent_class)->dispose (object);
}

static void
dossier_sidebar_finalize (GObject *object)
{
  DossierSidebar *self = DOSSIER_SIDEBAR (object);

  g_free (self->selected_slug);

  G_OBJECT_CLASS (dossier_sidebar_parent_class)->finalize (object);
}

static void
dossier_sidebar_class_init (DossierSidebarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dossier_sidebar_dispose;
  object_class->finalize = dossier_sidebar_finalize;
  object_class->get_property = dossier_sidebar_get_property;
  object_class->set_property = dossier_sidebar_set_property;

  properties[PROP_SHOW_IMAGES] =
    g_param_spec_boolean ("show-images", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FEED_MENU] =
    g_param_spec_object ("feed-menu", NULL, NULL, G_TYPE_MENU_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEARCH_MENU] =
    g_param_spec_object ("search-menu", NULL, NULL, G_TYPE_MENU_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_FILTER_CHOSEN] = g_signal_new ("filter-chosen", G_TYPE_FROM_CLASS (klass),
                                                G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                                G_TYPE_NONE, 5, G_TYPE_UINT, G_TYPE_STRING, G_TYPE_INT64,
                                                G_TYPE_STRING, G_TYPE_POINTER);
  signals[SIGNAL_LOADED] = g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
  signals[SIGNAL_NAMES_CHANGED] = g_signal_new ("names-changed", G_TYPE_FROM_CLASS (klass),
                                                G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_ERROR] = g_signal_new ("error", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                        G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/dossierapp/Dossier/dossier-sidebar.ui");
  gtk_widget_class_bind_template_child (widget_class, DossierSidebar, list);
  gtk_widget_class_bind_template_child (widget_class, DossierSidebar, feed_menu);
  gtk_widget_class_bind_template_child (widget_class, DossierSidebar, search_menu);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated_cb);
}

static void
dossier_sidebar_init (DossierSidebar *self)
{
  GtkGesture *click;
  GtkGesture *press;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  gtk_list_box_set_header_func (self->list, sidebar_header_func, NULL, NULL);

  /* A feed's menu: right click, or a long press on a touch screen. */
  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  g_signal_connect (click, "pressed", G_CALLBACK (on_sidebar_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->list), GTK_EVENT_CONTROLLER (click));
  press = gtk_gesture_long_press_new ();
  gtk_gesture_single_set_touch_only (GTK_GESTURE_SINGLE (press), TRUE);
  g_signal_connect_swapped (press, "pressed", G_CALLBACK (on_sidebar_long_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->list), GTK_EVENT_CONTROLLER (press));
}

/* ---- Public API --------------------------------------------------------- */

void
dossier_sidebar_set_context (DossierSidebar *self,
                             DossierContext *context)
{
  g_return_if_fail (DOSSIER_IS_SIDEBAR (self));
  g_return_if_fail (self->context == NULL);

  self->context = g_object_ref (context);
}

void
dossier_sidebar_select (DossierSidebar *self,
                        DossierFilter   filter,
                        const char     *slug,
                        gint64          id)
{
  g_return_if_fail (DOSSIER_IS_SIDEBAR (self));

  self->selected_filter = filter;
  g_free (self->selected_slug);
  self->selected_slug = g_strdup (slug);
  self->selected_id = id;
  select_row (self);
}

void
dossier_sidebar_choose_when_listed (DossierSidebar *self,
                                    DossierFilter   filter,
                                    gint64          id)
{
  g_return_if_fail (DOSSIER_IS_SIDEBAR (self));
  g_return_if_fail (filter == DOSSIER_FILTER_FEED || filter == DOSSIER_FILTER_SAVED);

  if (filter == DOSSIER_FILTER_FEED)
    self->choose_feed = id;
  else
    self->choose_search = id;
}

gboolean
dossier_sidebar_choose_search (DossierSidebar *self,
                               gint64          id)
{
  DossierSavedSearch *search;

  g_return_val_if_fail (DOSSIER_IS_SIDEBAR (self), FALSE);

  search = find_search (self, id);
  if (search == NULL)
    return FALSE;
  g_signal_emit (self, signals[SIGNAL_FILTER_CHOSEN], 0, DOSSIER_FILTER_SAVED, NULL, search->id, search->name,
                 search);
  return TRUE;
}

GHashTable *
dossier_sidebar_get_names (DossierSidebar *self)
{
  g_return_val_if_fail (DOSSIER_IS_SIDEBAR (self), NULL);

  return self->names;
}

GPtrArray *
dossier_sidebar_get_saved_searches (DossierSidebar *self)
{
  g_return_val_if_fail (DOSSIER_IS_SIDEBAR (self), NULL);

  return self->searches;
}

const char *
dossier_sidebar_get_feed_title (DossierSidebar *self,
                                gint64          feed_id)
{
  g_return_val_if_fail (DOSSIER_IS_SIDEBAR (self), NULL);

  for (guint i = 0; self->feeds != NULL && i < self->feeds->len; i++)
    {
      DossierFeedInfo *feed = g_ptr_array_index (self->feeds, i);

      if (feed->id == feed_id)
        return feed->title != NULL ? feed->title : feed->url;
    }
  return NULL;
}

GtkWidget *
dossier_sidebar_get_list (DossierSidebar *self)
{
  g_return_val_if_fail (DOSSIER_IS_SIDEBAR (self), NULL);

  return GTK_WIDGET (self->list);
}
