/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-read"

#include "config.h"

#include <glib/gi18n.h>

#include "dossier-error.h"
#include "dossier-read.h"

#define READ_CHUNK (256 * 1024)

GBytes *
dossier_read_file (GFile         *file,
                   gsize          max,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GByteArray) buffer = g_byte_array_new ();
  g_autofree char *name = g_file_get_parse_name (file);
  g_autoptr(GError) local = NULL;

  /* GIO's message names the file. */
  stream = g_file_read (file, cancellable, error);
  if (stream == NULL)
    return NULL;

  for (;;)
    {
      gsize old = buffer->len;
      gssize n;

      /* One byte past the limit is enough to know it was passed. */
      g_byte_array_set_size (buffer, old + MIN (READ_CHUNK, max + 1 - old));
      n = g_input_stream_read (G_INPUT_STREAM (stream), buffer->data + old, buffer->len - old,
                               cancellable, &local);
      if (n < 0)
        {
          g_set_error (error, local->domain, local->code, _("Cannot read %s: %s"), name, local->message);
          return NULL;
        }
      g_byte_array_set_size (buffer, old + n);
      if (n == 0)
        break;
      if (buffer->len > max)
        {
          g_set_error (error, DOSSIER_ERROR, DOSSIER_ERROR_TOO_LARGE,
                       g_dngettext (GETTEXT_PACKAGE, "%s is larger than %u MB", "%s is larger than %u MB",
                                    (guint) (max / (1024 * 1024))),
                       name, (guint) (max / (1024 * 1024)));
          return NULL;
        }
    }
  g_input_stream_close (G_INPUT_STREAM (stream), NULL, NULL);
  return g_byte_array_free_to_bytes (g_steal_pointer (&buffer));
}

static void
read_in_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GFile *file = task_data;
  gsize max = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (task), "max"));
  GError *error = NULL;
  GBytes *bytes = dossier_read_file (file, max, cancellable, &error);

  if (bytes != NULL)
    g_task_return_pointer (task, bytes, (GDestroyNotify) g_bytes_unref);
  else
    g_task_return_error (task, error);
}

void
dossier_read_file_async (GFile               *file,
                         gsize                max,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_return_if_fail (G_IS_FILE (file));

  g_task_set_source_tag (task, dossier_read_file_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_object_set_data (G_OBJECT (task), "max", GSIZE_TO_POINTER (max));
  g_task_run_in_thread (task, read_in_thread);
}

GBytes *
dossier_read_file_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == dossier_read_file_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
