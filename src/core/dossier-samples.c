/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-samples"

#include "config.h"

#include <glib/gi18n.h>
#include <libxml/parser.h>

#include "dossier-error.h"
#include "dossier-samples-private.h"
#include "dossier-store.h"

/* The source tree's data/ for an uninstalled run (meson devenv, the set-up
 * script's run, the tests), named by the environment so that the installed
 * program carries no path of the tree it was built from; else NULL. */
static const char *
source_data_dir (void)
{
  const char *dir = g_getenv ("DOSSIER_SOURCE_DATADIR");

  return dir != NULL && dir[0] != '\0' ? dir : NULL;
}

static const char *
data_dir (void)
{
  return source_data_dir () != NULL ? source_data_dir () : PKGDATADIR;
}

static char *
samples_path (void)
{
  return g_build_filename (data_dir (), "samples", NULL);
}

static char *
recommended_path (void)
{
  /* The source tree keeps the OPML in data/feeds/; installed, it sits
   * beside the samples folder. */
  if (source_data_dir () != NULL)
    return g_build_filename (source_data_dir (), "feeds", "recommended.opml", NULL);
  return g_build_filename (PKGDATADIR, "recommended.opml", NULL);
}

static gboolean
is_feed_file (const char *name)
{
  return g_str_has_suffix (name, ".xml") || g_str_has_suffix (name, ".atom") ||
         g_str_has_suffix (name, ".rss");
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

char *
dossier_samples_find_dir (void)
{
  g_autofree char *path = samples_path ();

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    return NULL;
  return g_steal_pointer (&path);
}

char *
dossier_samples_find_recommended (void)
{
  g_autofree char *path = recommended_path ();

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return NULL;
  return g_steal_pointer (&path);
}

GPtrArray *
dossier_samples_list_feeds (GError **error)
{
  g_autoptr(GPtrArray) uris = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *path = samples_path ();
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) local = NULL;
  const char *name;

  dir = g_dir_open (path, 0, &local);
  if (dir == NULL)
    {
      g_set_error (error, DOSSIER_ERROR, DOSSIER_ERROR_NOT_FOUND,
                   _("The sample feeds are not installed: %s"), local->message);
      return NULL;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = NULL;
      char *uri;

      if (!is_feed_file (name))
        continue;
      file = g_build_filename (path, name, NULL);
      if (!g_file_test (file, G_FILE_TEST_IS_REGULAR))
        continue;
      uri = g_filename_to_uri (file, NULL, &local);
      if (uri == NULL)
        {
          g_set_error (error, DOSSIER_ERROR, DOSSIER_ERROR_INVALID, "%s", local->message);
          return NULL;
        }
      g_ptr_array_add (uris, uri);
    }
  if (uris->len == 0)
    {
      g_set_error (error, DOSSIER_ERROR, DOSSIER_ERROR_NOT_FOUND,
                   _("There are no sample feeds in %s"), path);
      return NULL;
    }
  /* The folder's order is the file system's; the caller's is stable. */
  g_ptr_array_sort (uris, compare_strings);
  return g_steal_pointer (&uris);
}

/* The basename of a sample feed's file from its file:// URI, if the URI
 * is one: a file in a folder named "samples", kept for ever. */
static char *
sample_basename (const DossierFeedInfo *feed)
{
  g_autofree char *path = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *dir_name = NULL;

  if (feed->retention_days != DOSSIER_RETENTION_FOREVER || !g_str_has_prefix (feed->url, "file://"))
    return NULL;
  path = g_filename_from_uri (feed->url, NULL, NULL);
  if (path == NULL)
    return NULL;
  dir = g_path_get_dirname (path);
  dir_name = g_path_get_basename (dir);
  if (!g_str_equal (dir_name, "samples"))
    return NULL;
  return g_path_get_basename (path);
}

gboolean
dossier_samples_subscribe (DossierStore  *store,
                           const char    *folder,
                           guint         *n_added,
                           GError       **error)
{
  g_autoptr(GPtrArray) uris = NULL;
  g_autoptr(GPtrArray) feeds = NULL;
  g_autoptr(GHashTable) moved = NULL;
  guint added = 0;

  g_return_val_if_fail (store != NULL, FALSE);

  if (n_added != NULL)
    *n_added = 0;
  uris = dossier_samples_list_feeds (error);
  if (uris == NULL)
    return FALSE;
  feeds = dossier_store_list_feeds (store, error);
  if (feeds == NULL)
    return FALSE;
  /* Samples subscribed from another place (a checkout moved, a build run
   * uninstalled and then installed) are the same samples. */
  moved = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < feeds->len; i++)
    {
      DossierFeedInfo *feed = g_ptr_array_index (feeds, i);
      char *name = sample_basename (feed);

      if (name != NULL)
        g_hash_table_insert (moved, name, GINT_TO_POINTER (i + 1));
    }
  if (folder == NULL)
    /* TRANSLATORS: the sidebar folder of the offline sample feeds */
    folder = _("Samples");

  for (guint i = 0; i < uris->len; i++)
    {
      const char *uri = g_ptr_array_index (uris, i);
      g_autofree char *path = g_filename_from_uri (uri, NULL, NULL);
      g_autofree char *name = path != NULL ? g_path_get_basename (path) : NULL;
      guint known = name != NULL ? GPOINTER_TO_UINT (g_hash_table_lookup (moved, name)) : 0;
      gint64 id;

      if (dossier_store_find_feed (store, uri) != 0)
        continue;
      if (known > 0)
        {
          DossierFeedInfo *feed = g_ptr_array_index (feeds, known - 1);

          if (!dossier_store_set_feed_url (store, feed->id, uri, error))
            return FALSE;
          continue;
        }
      id = dossier_store_add_feed (store, uri, NULL, folder, error);
      if (id == 0)
        return FALSE;
      /* A sample that would lose its stories at the next purge is no
       * sample: one that cannot be kept is not kept at all. */
      if (!dossier_store_set_feed_options (store, id, 0, DOSSIER_RETENTION_FOREVER, error))
        {
          dossier_store_remove_feed (store, id, NULL);
          return FALSE;
        }
      added++;
      if (n_added != NULL)
        *n_added = added;
    }
  return TRUE;
}

/* The folders of data/feeds/recommended.opml, marked here for translation:
 * the file itself is one for every language. */
#define FOLDER_CONTEXT "folder of recommended feeds"
static const char * const recommended_folders[] G_GNUC_UNUSED = {
  NC_ ("folder of recommended feeds", "English"),
  NC_ ("folder of recommended feeds", "Arabic"),
  NC_ ("folder of recommended feeds", "News"),
  NC_ ("folder of recommended feeds", "Policy and Research"),
  NC_ ("folder of recommended feeds", "Technology"),
};

static void
localize_outlines (xmlNode *node)
{
  for (; node != NULL; node = node->next)
    {
      if (node->type != XML_ELEMENT_NODE)
        continue;
      /* A folder is an outline without a feed address. */
      if (xmlStrEqual (node->name, (const xmlChar *) "outline") && !xmlHasProp (node, (const xmlChar *) "xmlUrl"))
        {
          static const char * const names[] = { "text", "title" };

          for (guint i = 0; i < G_N_ELEMENTS (names); i++)
            {
              xmlChar *value = xmlGetProp (node, (const xmlChar *) names[i]);

              if (value != NULL)
                xmlSetProp (node, (const xmlChar *) names[i],
                            (const xmlChar *) g_dpgettext2 (GETTEXT_PACKAGE, FOLDER_CONTEXT, (const char *) value));
              xmlFree (value);
            }
        }
      localize_outlines (node->children);
    }
}

GBytes *
dossier_samples_localize_recommended (GBytes  *opml,
                                      GError **error)
{
  gsize length = 0;
  const char *data = g_bytes_get_data (opml, &length);
  xmlParserCtxtPtr ctxt;
  xmlDocPtr doc;
  xmlChar *out = NULL;
  int out_length = 0;
  GBytes *bytes;

  if (length > G_MAXINT)
    {
      g_set_error (error, DOSSIER_ERROR, DOSSIER_ERROR_TOO_LARGE, _("The OPML file is too large"));
      return NULL;
    }
  /* As the importer reads it: no DTD, no entities, no network. */
  ctxt = xmlNewParserCtxt ();
  doc = xmlCtxtReadMemory (ctxt, data, (int) length, NULL, NULL,
                           XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  xmlFreeParserCtxt (ctxt);
  if (doc == NULL)
    {
      g_set_error (error, DOSSIER_ERROR, DOSSIER_ERROR_PARSE, _("Not a valid OPML file"));
      return NULL;
    }
  localize_outlines (xmlDocGetRootElement (doc));
  xmlDocDumpMemoryEnc (doc, &out, &out_length, "UTF-8");
  xmlFreeDoc (doc);
  if (out == NULL)
    {
      g_set_error (error, DOSSIER_ERROR, DOSSIER_ERROR_PARSE, _("Not a valid OPML file"));
      return NULL;
    }
  bytes = g_bytes_new (out, out_length);
  xmlFree (out);
  return bytes;
}
