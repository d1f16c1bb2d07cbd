/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-story-item"

#include "config.h"

#include "dossier-story-item.h"

struct _DossierStoryItem
{
  GObject   parent_instance;

  gint64    id;
  gboolean  loaded;
  char     *title;
  char     *feed_title;
  gint64    published;
  GStrv     entities;
  gboolean  read;
  gboolean  starred;
  gboolean  first_of_day;
  char     *search;        /* the words its list was searched for */
};

G_DEFINE_FINAL_TYPE (DossierStoryItem, dossier_story_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LOADED,
  PROP_READ,
  PROP_STARRED,
  PROP_FIRST_OF_DAY,
  PROP_SEARCH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
dossier_story_item_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  DossierStoryItem *self = DOSSIER_STORY_ITEM (object);

  switch (prop_id)
    {
    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;
    case PROP_READ:
      g_value_set_boolean (value, self->read);
      break;
    case PROP_STARRED:
      g_value_set_boolean (value, self->starred);
      break;
    case PROP_FIRST_OF_DAY:
      g_value_set_boolean (value, self->first_of_day);
      break;
    case PROP_SEARCH:
      g_value_set_string (value, self->search);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dossier_story_item_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  DossierStoryItem *self = DOSSIER_STORY_ITEM (object);

  switch (prop_id)
    {
    case PROP_READ:
      dossier_story_item_set_read (self, g_value_get_boolean (value));
      break;
    case PROP_STARRED:
      dossier_story_item_set_starred (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dossier_story_item_finalize (GObject *object)
{
  DossierStoryItem *self = DOSSIER_STORY_ITEM (object);

  g_free (self->title);
  g_free (self->feed_title);
  g_strfreev (self->entities);
  g_free (self->search);

  G_OBJECT_CLASS (dossier_story_item_parent_class)->finalize (object);
}

static void
dossier_story_item_class_init (DossierStoryItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = dossier_story_item_get_property;
  object_class->set_property = dossier_story_item_set_property;
  object_class->finalize = dossier_story_item_finalize;

  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_READ] =
    g_param_spec_boolean ("read", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STARRED] =
    g_param_spec_boolean ("starred", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FIRST_OF_DAY] =
    g_param_spec_boolean ("first-of-day", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEARCH] =
    g_param_spec_string ("search", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dossier_story_item_init (DossierStoryItem *self)
{
}

DossierStoryItem *
dossier_story_item_new (gint64 id)
{
  DossierStoryItem *self = g_object_new (DOSSIER_TYPE_STORY_ITEM, NULL);

  self->id = id;
  return self;
}

static gboolean
strv_equal (const char * const *a,
            const char * const *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return g_strv_equal (a, b);
}

/* Only what changed is notified: a page is read again as the timeline
 * grows into it, and each notification makes a bound row anew. */
void
dossier_story_item_fill (DossierStoryItem     *self,
                         const DossierArticle *article)
{
  gboolean read = !!article->read;
  gboolean starred = !!article->starred;
  gboolean changed;

  g_return_if_fail (DOSSIER_IS_STORY_ITEM (self));
  g_return_if_fail (article->id == self->id);

  changed = !self->loaded || self->published != article->published ||
            g_strcmp0 (self->title, article->title) != 0 ||
            g_strcmp0 (self->feed_title, article->feed_title) != 0 ||
            !strv_equal ((const char * const *) self->entities, (const char * const *) article->entities);
  g_object_freeze_notify (G_OBJECT (self));
  if (changed)
    {
      g_free (self->title);
      g_free (self->feed_title);
      g_strfreev (self->entities);
      self->title = g_strdup (article->title);
      self->feed_title = g_strdup (article->feed_title);
      self->published = article->published;
      self->entities = g_strdupv (article->entities);
      self->loaded = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
    }
  dossier_story_item_set_read (self, read);
  dossier_story_item_set_starred (self, starred);
  g_object_thaw_notify (G_OBJECT (self));
}

gint64
dossier_story_item_get_id (DossierStoryItem *self)
{
  return self->id;
}

gboolean
dossier_story_item_get_loaded (DossierStoryItem *self)
{
  return self->loaded;
}

const char *
dossier_story_item_get_title (DossierStoryItem *self)
{
  return self->title;
}

const char *
dossier_story_item_get_feed_title (DossierStoryItem *self)
{
  return self->feed_title;
}

gint64
dossier_story_item_get_published (DossierStoryItem *self)
{
  return self->published;
}

const char * const *
dossier_story_item_get_entities (DossierStoryItem *self)
{
  return (const char * const *) self->entities;
}

gboolean
dossier_story_item_get_read (DossierStoryItem *self)
{
  return self->read;
}

void
dossier_story_item_set_read (DossierStoryItem *self,
                             gboolean          read)
{
  read = !!read;
  if (self->read == read)
    return;
  self->read = read;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READ]);
}

gboolean
dossier_story_item_get_starred (DossierStoryItem *self)
{
  return self->starred;
}

void
dossier_story_item_set_starred (DossierStoryItem *self,
                                gboolean          starred)
{
  starred = !!starred;
  if (self->starred == starred)
    return;
  self->starred = starred;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STARRED]);
}

gboolean
dossier_story_item_get_first_of_day (DossierStoryItem *self)
{
  return self->first_of_day;
}

void
dossier_story_item_set_first_of_day (DossierStoryItem *self,
                                     gboolean          first)
{
  first = !!first;
  if (self->first_of_day == first)
    return;
  self->first_of_day = first;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIRST_OF_DAY]);
}

const char *
dossier_story_item_get_search (DossierStoryItem *self)
{
  g_return_val_if_fail (DOSSIER_IS_STORY_ITEM (self), NULL);

  return self->search;
}

void
dossier_story_item_set_search (DossierStoryItem *self,
                               const char       *search)
{
  g_return_if_fail (DOSSIER_IS_STORY_ITEM (self));

  if (search != NULL && search[0] == '\0')
    search = NULL;
  if (g_strcmp0 (self->search, search) == 0)
    return;
  g_free (self->search);
  self->search = g_strdup (search);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH]);
}
