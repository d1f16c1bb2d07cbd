/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-story-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "dossier-bidi.h"
#include "dossier-date.h"
#include "dossier-highlight.h"
#include "dossier-image-cache.h"
#include "dossier-remote-image.h"
#include "dossier-story-view.h"
#include "dossier-wrap-box.h"

struct _DossierStoryView
{
  GtkBox          parent_instance;

  GtkLabel       *title_label;
  DossierRemoteImage *lead_image;
  GtkLabel       *meta_label;
  DossierWrapBox *chips_box;
  GtkLabel       *body_label;

  DossierArticle *article;
  char           *search;          /* the words to mark in the title */
  DossierImageCache *image_cache;  /* NULL: the process's own */
  gboolean        show_images;     /* off: no picture is even asked for */
};

G_DEFINE_FINAL_TYPE (DossierStoryView, dossier_story_view, GTK_TYPE_BOX)

enum {
  TAG_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  PROP_0,
  PROP_SHOW_IMAGES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_title_highlight (DossierStoryView *self)
{
  g_autoptr(PangoAttrList) attributes =
    dossier_highlight_attributes (self->search, self->article != NULL ? self->article->title : NULL);

  gtk_label_set_attributes (self->title_label, attributes);
}

static void
update_lead_image (DossierStoryView *self)
{
  g_autofree char *url = NULL;

  if (self->show_images && self->article != NULL)
    url = dossier_article_lead_image (self->article);
  if (url == NULL)
    {
      dossier_remote_image_set_source (self->lead_image, NULL, NULL);
      return;
    }
  if (self->image_cache == NULL)
    self->image_cache = g_object_ref (dossier_image_cache_get_default ());
  dossier_remote_image_set_source (self->lead_image, self->image_cache, url);
}

static void
on_chip_clicked_cb (GtkButton        *button,
                    DossierStoryView *self)
{
  const char *slug = g_object_get_data (G_OBJECT (button), "slug");
  gboolean topic = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "topic"));

  g_signal_emit (self, signals[TAG_ACTIVATED], 0, slug, topic);
}

static void
add_chips (DossierStoryView *self,
           GStrv             slugs,
           gboolean          topic,
           GHashTable       *names)
{
  for (guint i = 0; slugs != NULL && slugs[i] != NULL; i++)
    {
      const char *name = names != NULL ? g_hash_table_lookup (names, slugs[i]) : NULL;
      GtkWidget *button = gtk_button_new_with_label (name != NULL ? name : slugs[i]);
      g_autofree char *tooltip = g_strdup_printf (topic ? _("Show stories on “%s”")
                                                        : _("Show stories about “%s”"),
                                                  name != NULL ? name : slugs[i]);

      gtk_widget_set_halign (button, GTK_ALIGN_START);
      gtk_widget_add_css_class (button, "pill");
      gtk_widget_add_css_class (button, "small");
      gtk_widget_add_css_class (button, topic ? "dossier-topic" : "dossier-entity");
      gtk_widget_set_tooltip_text (button, tooltip);
      g_object_set_data_full (G_OBJECT (button), "slug", g_strdup (slugs[i]), g_free);
      g_object_set_data (G_OBJECT (button), "topic", GINT_TO_POINTER (topic));
      g_signal_connect (button, "clicked", G_CALLBACK (on_chip_clicked_cb), self);
      dossier_wrap_box_append (self->chips_box, button);
    }
}

static void
dossier_story_view_dispose (GObject *object)
{
  DossierStoryView *self = DOSSIER_STORY_VIEW (object);

  g_clear_pointer (&self->article, dossier_article_free);
  g_clear_pointer (&self->search, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), DOSSIER_TYPE_STORY_VIEW);
  g_clear_object (&self->image_cache);

  G_OBJECT_CLASS (dossier_story_view_parent_class)->dispose (object);
}

static void
dossier_story_view_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  DossierStoryView *self = DOSSIER_STORY_VIEW (object);

  switch (prop_id)
    {
    case PROP_SHOW_IMAGES:
      g_value_set_boolean (value, self->show_images);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dossier_story_view_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  DossierStoryView *self = DOSSIER_STORY_VIEW (object);

  switch (prop_id)
    {
    case PROP_SHOW_IMAGES:
      dossier_story_view_set_show_images (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dossier_story_view_class_init (DossierStoryViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dossier_story_view_dispose;
  object_class->get_property = dossier_story_view_get_property;
  object_class->set_property = dossier_story_view_set_property;
  g_type_ensure (DOSSIER_TYPE_WRAP_BOX);
  g_type_ensure (DOSSIER_TYPE_REMOTE_IMAGE);

  /* Off until told: the GSettings key "show-images" is bound to it. */
  properties[PROP_SHOW_IMAGES] =
    g_param_spec_boolean ("show-images", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[TAG_ACTIVATED] =
    g_signal_new ("tag-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_BOOLEAN);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/dossierapp/Dossier/dossier-story-view.ui");
  gtk_widget_class_bind_template_child (widget_class, DossierStoryView, title_label);
  gtk_widget_class_bind_template_child (widget_class, DossierStoryView, lead_image);
  gtk_widget_class_bind_template_child (widget_class, DossierStoryView, meta_label);
  gtk_widget_class_bind_template_child (widget_class, DossierStoryView, chips_box);
  gtk_widget_class_bind_template_child (widget_class, DossierStoryView, body_label);
}

static void
dossier_story_view_init (DossierStoryView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
dossier_story_view_new (void)
{
  return g_object_new (DOSSIER_TYPE_STORY_VIEW, NULL);
}

void
dossier_story_view_set_article (DossierStoryView *self,
                                DossierArticle   *article,
                                GHashTable       *names)
{
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *date = NULL;
  g_autofree char *meta = NULL;
  const char *text;

  g_return_if_fail (DOSSIER_IS_STORY_VIEW (self));

  g_clear_pointer (&self->article, dossier_article_free);
  self->article = article;
  dossier_wrap_box_remove_all (self->chips_box);
  update_lead_image (self);
  if (article == NULL)
    return;

  gtk_label_set_text (self->title_label, article->title != NULL ? article->title : _("(Untitled)"));
  update_title_highlight (self);
  dossier_widget_set_direction_from_text (GTK_WIDGET (self->title_label), article->title);

  if (article->published != DOSSIER_DATE_NONE)
    when = g_date_time_new_from_unix_local (article->published);
  /* TRANSLATORS: the date of a story, strftime format */
  date = when != NULL ? g_date_time_format (when, _("%e %B %Y, %H:%M")) : NULL;
  dossier_widget_set_direction_from_text (GTK_WIDGET (self->meta_label), article->title);
  dossier_widget_set_direction_from_text (GTK_WIDGET (self->chips_box), article->title);
  {
    const char *parts[] = { article->feed_title, article->author, date };

    meta = dossier_bidi_join (GTK_WIDGET (self->meta_label), parts, G_N_ELEMENTS (parts));
    gtk_label_set_text (self->meta_label, meta);
  }

  add_chips (self, article->entities, FALSE, names);
  add_chips (self, article->topics, TRUE, names);
  gtk_widget_set_visible (GTK_WIDGET (self->chips_box), gtk_widget_get_first_child (GTK_WIDGET (self->chips_box)) != NULL);

  text = article->content != NULL && article->content[0] != '\0' ? article->content : article->summary;
  gtk_label_set_text (self->body_label, text != NULL ? text : "");
  dossier_widget_set_direction_from_text (GTK_WIDGET (self->body_label), text);
}

const DossierArticle *
dossier_story_view_get_article (DossierStoryView *self)
{
  g_return_val_if_fail (DOSSIER_IS_STORY_VIEW (self), NULL);

  return self->article;
}

void
dossier_story_view_set_show_images (DossierStoryView *self,
                                    gboolean          show_images)
{
  g_return_if_fail (DOSSIER_IS_STORY_VIEW (self));

  show_images = !!show_images;
  if (self->show_images == show_images)
    return;
  self->show_images = show_images;
  update_lead_image (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_IMAGES]);
}

gboolean
dossier_story_view_get_show_images (DossierStoryView *self)
{
  g_return_val_if_fail (DOSSIER_IS_STORY_VIEW (self), FALSE);

  return self->show_images;
}

void
dossier_story_view_set_image_cache (DossierStoryView  *self,
                                    DossierImageCache *cache)
{
  g_return_if_fail (DOSSIER_IS_STORY_VIEW (self));
  g_return_if_fail (cache == NULL || DOSSIER_IS_IMAGE_CACHE (cache));

  if (g_set_object (&self->image_cache, cache))
    update_lead_image (self);
}

/* The words the story was found with, marked in its title as in the
 * timeline; NULL for none. */
void
dossier_story_view_set_search (DossierStoryView *self,
                               const char       *search)
{
  g_return_if_fail (DOSSIER_IS_STORY_VIEW (self));

  if (g_strcmp0 (self->search, search) == 0)
    return;
  g_free (self->search);
  self->search = g_strdup (search);
  update_title_highlight (self);
}
