/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-remote-image"

#include "config.h"

#include <string.h>

#include "dossier-remote-image.h"

/* Past these an image is refused before its pixels are decoded: 10
 * megapixels are 40 MB in memory. */
#define MAX_SIDE           8192
#define MAX_PIXELS         (10 * 1024 * 1024)
/* Decoded no larger than shown: a story column at twice the scale, a
 * 16-pixel icon at twice the scale. */
#define PICTURE_MAX_SIDE   2048
#define ICON_MAX_SIDE      32
/* A picture this small is a tracking pixel, not a picture. */
#define MIN_SIDE           4

struct _DossierRemoteImage
{
  GtkWidget                parent_instance;

  GtkPicture              *picture;
  char                    *url;
  DossierImageCache       *cache;
  GCancellable            *cancellable;   /* the load under way */
  DossierRemoteImageState  state;
  int                      max_height;
};

G_DEFINE_FINAL_TYPE (DossierRemoteImage, dossier_remote_image, GTK_TYPE_WIDGET)

G_DEFINE_ENUM_TYPE (DossierRemoteImageState, dossier_remote_image_state,
                    G_DEFINE_ENUM_VALUE (DOSSIER_REMOTE_IMAGE_EMPTY, "empty"),
                    G_DEFINE_ENUM_VALUE (DOSSIER_REMOTE_IMAGE_LOADING, "loading"),
                    G_DEFINE_ENUM_VALUE (DOSSIER_REMOTE_IMAGE_LOADED, "loaded"),
                    G_DEFINE_ENUM_VALUE (DOSSIER_REMOTE_IMAGE_FAILED, "failed"))

enum {
  PROP_0,
  PROP_URL,
  PROP_STATE,
  PROP_PAINTABLE,
  PROP_MAX_HEIGHT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- Loading: fetch, then decode in a worker thread --------------------- */

/* The GTask of a load has no source object and its data holds no widget:
 * its last reference may go in the worker thread. */
typedef struct {
  char   *content_type;
  GBytes *bytes;
  int     max_side;
  int     width;              /* as the image declares itself */
  int     height;
  gboolean refused;
} Load;

static void
load_free (Load *load)
{
  g_free (load->content_type);
  g_clear_pointer (&load->bytes, g_bytes_unref);
  g_free (load);
}

/* By the first bytes, not by what the server says: only these loaders
 * ever see the data. */
static const char *
sniff_format (GBytes     *bytes,
              const char *content_type)
{
  gsize length = 0;
  const guchar *data = g_bytes_get_data (bytes, &length);

  if (length >= 8 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0)
    return "png";
  if (length >= 3 && memcmp (data, "\xff\xd8\xff", 3) == 0)
    return "jpeg";
  if (length >= 6 && (memcmp (data, "GIF87a", 6) == 0 || memcmp (data, "GIF89a", 6) == 0))
    return "gif";
  if (length >= 12 && memcmp (data, "RIFF", 4) == 0 && memcmp (data + 8, "WEBP", 4) == 0)
    return "webp";
  if (length >= 4 && memcmp (data, "\0\0\1\0", 4) == 0)
    return "ico";
  if (content_type != NULL && g_str_equal (content_type, "image/svg+xml"))
    {
      gsize i = 0;

      while (i < length && g_ascii_isspace (data[i]))
        i++;
      if (i < length && data[i] == '<')
        return "svg";
    }
  return NULL;
}

static void
on_size_prepared (GdkPixbufLoader *loader,
                  int              width,
                  int              height,
                  gpointer         user_data)
{
  Load *load = user_data;

  load->width = width;
  load->height = height;
  if (width <= 0 || height <= 0 || width > MAX_SIDE || height > MAX_SIDE ||
      (gint64) width * height > MAX_PIXELS)
    {
      /* A size of zero tells the loader to allocate nothing. */
      load->refused = TRUE;
      gdk_pixbuf_loader_set_size (loader, 0, 0);
    }
  else if (width > load->max_side || height > load->max_side)
    {
      double scale = (double) load->max_side / MAX (width, height);

      gdk_pixbuf_loader_set_size (loader, MAX (1, (int) (width * scale)), MAX (1, (int) (height * scale)));
    }
}

static void
decode_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Load *load = task_data;
  const char *format = sniff_format (load->bytes, load->content_type);
  g_autoptr(GdkPixbufLoader) loader = NULL;
  g_autoptr(GError) error = NULL;
  GdkPixbuf *pixbuf;
  gboolean written;

  if (format == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               "Not a PNG, JPEG, GIF, WebP, ICO or SVG image");
      return;
    }
  loader = gdk_pixbuf_loader_new_with_type (format, &error);
  if (loader == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_signal_connect (loader, "size-prepared", G_CALLBACK (on_size_prepared), load);

  written = gdk_pixbuf_loader_write_bytes (loader, load->bytes, &error);
  /* Closed in any case, or the loader complains when it goes. */
  if (!gdk_pixbuf_loader_close (loader, written ? &error : NULL))
    written = FALSE;

  if (load->refused)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                               "The image is too large: %d × %d pixels", load->width, load->height);
      return;
    }
  pixbuf = written ? gdk_pixbuf_loader_get_pixbuf (loader) : NULL;
  if (pixbuf == NULL)
    {
      if (error == NULL)
        error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "The image cannot be decoded");
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, g_object_ref (pixbuf), g_object_unref);
}

static void
on_load_fetched (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Load *load = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  load->bytes = dossier_image_cache_fetch_finish (DOSSIER_IMAGE_CACHE (source), result,
                                                  &load->content_type, &error);
  if (load->bytes == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_run_in_thread (task, decode_thread);
}

static void
load_texture_async (DossierImageCache   *cache,
                    const char          *url,
                    const char          *origin,
                    int                  max_side,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  Load *load = g_new0 (Load, 1);

  g_task_set_source_tag (task, load_texture_async);
  load->max_side = max_side;
  g_task_set_task_data (task, load, (GDestroyNotify) load_free);
  dossier_image_cache_fetch_async (cache, url, origin, cancellable, on_load_fetched, task);
}

/* In the main thread: a texture of the decoded pixels. */
static GdkTexture *
load_texture_finish (GAsyncResult  *result,
                     GError       **error)
{
  g_autoptr(GdkPixbuf) pixbuf = g_task_propagate_pointer (G_TASK (result), error);

  if (pixbuf == NULL)
    return NULL;
  if (gdk_pixbuf_get_width (pixbuf) < MIN_SIDE && gdk_pixbuf_get_height (pixbuf) < MIN_SIDE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "A %d × %d pixel: no picture",
                   gdk_pixbuf_get_width (pixbuf), gdk_pixbuf_get_height (pixbuf));
      return NULL;
    }
  return gdk_texture_new_for_pixbuf (pixbuf);
}

/* ---- The widget --------------------------------------------------------- */

static void
set_state (DossierRemoteImage      *self,
           DossierRemoteImageState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  gtk_widget_set_visible (GTK_WIDGET (self), state == DOSSIER_REMOTE_IMAGE_LOADED);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
on_loaded_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = load_texture_finish (result, &error);
  DossierRemoteImage *self;

  /* Cancelled: the widget may be gone, or loading something else. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = DOSSIER_REMOTE_IMAGE (user_data);
  g_clear_object (&self->cancellable);
  if (texture == NULL)
    {
      g_debug ("No image from %s: %s", self->url, error->message);
      set_state (self, DOSSIER_REMOTE_IMAGE_FAILED);
      return;
    }

  gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (texture));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAINTABLE]);
  set_state (self, DOSSIER_REMOTE_IMAGE_LOADED);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

static GtkSizeRequestMode
dossier_remote_image_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
dossier_remote_image_measure (GtkWidget      *widget,
                              GtkOrientation  orientation,
                              int             for_size,
                              int            *minimum,
                              int            *natural,
                              int            *minimum_baseline,
                              int            *natural_baseline)
{
  DossierRemoteImage *self = DOSSIER_REMOTE_IMAGE (widget);
  GdkPaintable *paintable = gtk_picture_get_paintable (self->picture);
  int width, height;

  *minimum = *natural = 0;
  if (paintable == NULL)
    return;
  width = gdk_paintable_get_intrinsic_width (paintable);
  height = gdk_paintable_get_intrinsic_height (paintable);
  if (width <= 0 || height <= 0)
    return;

  /* As wide as it is let be; no width of its own to push the column. */
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    return;

  if (for_size >= 0)
    height = (int) ((double) for_size * height / width);
  if (self->max_height > 0)
    height = MIN (height, self->max_height);
  *minimum = *natural = height;
}

static void
dossier_remote_image_size_allocate (GtkWidget *widget,
                                    int        width,
                                    int        height,
                                    int        baseline)
{
  DossierRemoteImage *self = DOSSIER_REMOTE_IMAGE (widget);

  gtk_widget_allocate (GTK_WIDGET (self->picture), width, height, baseline, NULL);
}

static void
dossier_remote_image_dispose (GObject *object)
{
  DossierRemoteImage *self = DOSSIER_REMOTE_IMAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->picture != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->picture));
      self->picture = NULL;
    }
  g_clear_object (&self->cache);

  G_OBJECT_CLASS (dossier_remote_image_parent_class)->dispose (object);
}

static void
dossier_remote_image_finalize (GObject *object)
{
  DossierRemoteImage *self = DOSSIER_REMOTE_IMAGE (object);

  g_free (self->url);

  G_OBJECT_CLASS (dossier_remote_image_parent_class)->finalize (object);
}

static void
dossier_remote_image_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  DossierRemoteImage *self = DOSSIER_REMOTE_IMAGE (object);

  switch (prop_id)
    {
    case PROP_URL:
      g_value_set_string (value, self->url);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_PAINTABLE:
      g_value_set_object (value, dossier_remote_image_get_paintable (self));
      break;
    case PROP_MAX_HEIGHT:
      g_value_set_int (value, self->max_height);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dossier_remote_image_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  DossierRemoteImage *self = DOSSIER_REMOTE_IMAGE (object);

  switch (prop_id)
    {
    case PROP_MAX_HEIGHT:
      dossier_remote_image_set_max_height (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dossier_remote_image_class_init (DossierRemoteImageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dossier_remote_image_dispose;
  object_class->finalize = dossier_remote_image_finalize;
  object_class->get_property = dossier_remote_image_get_property;
  object_class->set_property = dossier_remote_image_set_property;
  widget_class->get_request_mode = dossier_remote_image_get_request_mode;
  widget_class->measure = dossier_remote_image_measure;
  widget_class->size_allocate = dossier_remote_image_size_allocate;

  properties[PROP_URL] =
    g_param_spec_string ("url", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, DOSSIER_TYPE_REMOTE_IMAGE_STATE, DOSSIER_REMOTE_IMAGE_EMPTY,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAINTABLE] =
    g_param_spec_object ("paintable", NULL, NULL, GDK_TYPE_PAINTABLE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAX_HEIGHT] =
    g_param_spec_int ("max-height", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "dossier-remote-image");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
dossier_remote_image_init (DossierRemoteImage *self)
{
  self->picture = GTK_PICTURE (gtk_picture_new ());
  gtk_picture_set_can_shrink (self->picture, TRUE);
  /* Full width, the height capped: what is beyond the cap is cropped,
   * never squeezed. */
  gtk_picture_set_content_fit (self->picture, GTK_CONTENT_FIT_COVER);
  gtk_widget_set_parent (GTK_WIDGET (self->picture), GTK_WIDGET (self));
  /* Rounded corners from the style cut the picture too. */
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

GtkWidget *
dossier_remote_image_new (void)
{
  return g_object_new (DOSSIER_TYPE_REMOTE_IMAGE, NULL);
}

void
dossier_remote_image_set_source (DossierRemoteImage *self,
                                 DossierImageCache  *cache,
                                 const char         *url,
                                 const char         *origin)
{
  g_return_if_fail (DOSSIER_IS_REMOTE_IMAGE (self));
  g_return_if_fail (cache == NULL || DOSSIER_IS_IMAGE_CACHE (cache));

  if (cache == NULL)
    url = NULL;
  if (g_strcmp0 (url, self->url) == 0 && cache == self->cache &&
      self->state != DOSSIER_REMOTE_IMAGE_FAILED)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_set_object (&self->cache, cache);
  g_free (self->url);
  self->url = g_strdup (url);
  if (gtk_picture_get_paintable (self->picture) != NULL)
    {
      gtk_picture_set_paintable (self->picture, NULL);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAINTABLE]);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_URL]);

  if (url == NULL)
    {
      set_state (self, DOSSIER_REMOTE_IMAGE_EMPTY);
      return;
    }

  set_state (self, DOSSIER_REMOTE_IMAGE_LOADING);
  self->cancellable = g_cancellable_new ();
  load_texture_async (cache, url, origin, PICTURE_MAX_SIDE, self->cancellable, on_loaded_cb, self);
}

const char *
dossier_remote_image_get_url (DossierRemoteImage *self)
{
  g_return_val_if_fail (DOSSIER_IS_REMOTE_IMAGE (self), NULL);

  return self->url;
}

DossierRemoteImageState
dossier_remote_image_get_state (DossierRemoteImage *self)
{
  g_return_val_if_fail (DOSSIER_IS_REMOTE_IMAGE (self), DOSSIER_REMOTE_IMAGE_EMPTY);

  return self->state;
}

GdkPaintable *
dossier_remote_image_get_paintable (DossierRemoteImage *self)
{
  g_return_val_if_fail (DOSSIER_IS_REMOTE_IMAGE (self), NULL);

  return self->picture != NULL ? gtk_picture_get_paintable (self->picture) : NULL;
}

void
dossier_remote_image_set_max_height (DossierRemoteImage *self,
                                     int                 max_height)
{
  g_return_if_fail (DOSSIER_IS_REMOTE_IMAGE (self));
  g_return_if_fail (max_height >= 0);

  if (self->max_height == max_height)
    return;
  self->max_height = max_height;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_HEIGHT]);
}

int
dossier_remote_image_get_max_height (DossierRemoteImage *self)
{
  g_return_val_if_fail (DOSSIER_IS_REMOTE_IMAGE (self), 0);

  return self->max_height;
}

/* ---- Feed icons --------------------------------------------------------- */

static void
on_icon_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = load_texture_finish (result, &error);

  /* Cancelled when the image went: user_data is gone too. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (texture == NULL)
    {
      g_debug ("No feed icon: %s", error->message);
      return;
    }
  gtk_image_set_from_paintable (GTK_IMAGE (user_data), GDK_PAINTABLE (texture));
  gtk_widget_add_css_class (GTK_WIDGET (user_data), "dossier-feed-icon-loaded");
}

static void
cancel_and_unref (gpointer data)
{
  g_cancellable_cancel (data);
  g_object_unref (data);
}

GtkWidget *
dossier_feed_icon_new (DossierImageCache *cache,
                       const char        *icon_url,
                       const char        *feed_url,
                       const char        *fallback_icon_name)
{
  GtkWidget *image = gtk_image_new_from_icon_name (fallback_icon_name);

  g_return_val_if_fail (cache == NULL || DOSSIER_IS_IMAGE_CACHE (cache), image);

  gtk_image_set_pixel_size (GTK_IMAGE (image), 16);
  gtk_widget_add_css_class (image, "dossier-feed-icon");
  gtk_widget_set_overflow (image, GTK_OVERFLOW_HIDDEN);
  if (cache != NULL && icon_url != NULL && icon_url[0] != '\0')
    {
      GCancellable *cancellable = g_cancellable_new ();

      /* The load ends with the image, whenever that goes. */
      g_object_set_data_full (G_OBJECT (image), "dossier-feed-icon-load", cancellable, cancel_and_unref);
      load_texture_async (cache, icon_url, feed_url, ICON_MAX_SIDE, cancellable, on_icon_loaded_cb, image);
    }
  return image;
}
