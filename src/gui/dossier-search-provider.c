/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-search-provider"

#include "config.h"

#include <glib/gi18n.h>

#include "dossier-bidi.h"
#include "dossier-search-provider.h"
#include "dossier-story-row.h"

#define MAX_RESULTS 20

/* org.gnome.Shell.SearchProvider2, as GNOME Shell calls it. */
static const char interface_xml[] =
  "<node>"
  "  <interface name='org.gnome.Shell.SearchProvider2'>"
  "    <method name='GetInitialResultSet'>"
  "      <arg type='as' name='terms' direction='in'/>"
  "      <arg type='as' name='results' direction='out'/>"
  "    </method>"
  "    <method name='GetSubsearchResultSet'>"
  "      <arg type='as' name='previous_results' direction='in'/>"
  "      <arg type='as' name='terms' direction='in'/>"
  "      <arg type='as' name='results' direction='out'/>"
  "    </method>"
  "    <method name='GetResultMetas'>"
  "      <arg type='as' name='identifiers' direction='in'/>"
  "      <arg type='aa{sv}' name='metas' direction='out'/>"
  "    </method>"
  "    <method name='ActivateResult'>"
  "      <arg type='s' name='identifier' direction='in'/>"
  "      <arg type='as' name='terms' direction='in'/>"
  "      <arg type='u' name='timestamp' direction='in'/>"
  "    </method>"
  "    <method name='LaunchSearch'>"
  "      <arg type='as' name='terms' direction='in'/>"
  "      <arg type='u' name='timestamp' direction='in'/>"
  "    </method>"
  "  </interface>"
  "</node>";

struct _DossierSearchProvider
{
  GObject                 parent_instance;

  GApplication           *application;   /* weak: it owns us */
  DossierContext         *context;
  DossierSearchOpenFunc   open_func;
  GDBusConnection        *connection;
  guint                   registration;
};

G_DEFINE_FINAL_TYPE (DossierSearchProvider, dossier_search_provider, G_TYPE_OBJECT)

typedef struct {
  DossierSearchProvider *self;
  GDBusMethodInvocation *invocation;
} Call;

/* The application stays up while a call is answered, even when it was
 * started only for the search. */
static Call *
call_new (DossierSearchProvider *self,
          GDBusMethodInvocation *invocation)
{
  Call *call = g_new0 (Call, 1);

  call->self = g_object_ref (self);
  call->invocation = g_object_ref (invocation);
  g_application_hold (self->application);
  return call;
}

static void
call_free (Call *call)
{
  g_application_release (call->self->application);
  g_object_unref (call->invocation);
  g_object_unref (call->self);
  g_free (call);
}

static void
on_ids_found_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Call *call = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = dossier_context_query_ids_finish (DOSSIER_CONTEXT (source), result, &error);
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("as"));
  /* A search the index cannot read (a lone quote) finds nothing, as the
   * Shell expects, rather than an error. */
  for (guint i = 0; ids != NULL && i < ids->len; i++)
    {
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, g_array_index (ids, gint64, i));

      g_variant_builder_add (&builder, "s", id);
    }
  if (error != NULL)
    g_debug ("Search failed: %s", error->message);
  g_dbus_method_invocation_return_value (call->invocation, g_variant_new ("(as)", &builder));
  call_free (call);
}

static void
search (DossierSearchProvider *self,
        GDBusMethodInvocation *invocation,
        const char * const    *terms)
{
  g_autofree char *text = g_strjoinv (" ", (char **) terms);
  DossierQuery query;

  dossier_query_init (&query);
  query.search = text;
  query.limit = MAX_RESULTS;
  dossier_context_query_ids_async (self->context, &query, NULL, on_ids_found_cb, call_new (self, invocation));
}

static void
on_metas_read_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Call *call = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) articles = dossier_context_get_articles_finish (DOSSIER_CONTEXT (source), result, &error);
  g_autoptr(GIcon) icon = g_themed_icon_new (BASE_APP_ID);
  g_autoptr(GVariant) serialized = g_icon_serialize (icon);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  GVariantBuilder builder;

  if (articles == NULL)
    {
      g_dbus_method_invocation_return_gerror (call->invocation, error);
      call_free (call);
      return;
    }
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("aa{sv}"));
  for (guint i = 0; i < articles->len; i++)
    {
      DossierArticle *article = g_ptr_array_index (articles, i);
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, article->id);
      g_autofree char *when = dossier_format_date (article->published, now);
      g_autofree char *feed = dossier_bidi_isolate (article->feed_title != NULL ? article->feed_title : "");
      g_autofree char *line = g_strdup_printf ("%s · %s", feed, when);
      /* GNOME Shell lays each result out by its first strong letter: the
       * title in the direction of its words, the feed and date in the
       * interface's. */
      g_autofree char *description = g_strconcat (gtk_widget_get_default_direction () == GTK_TEXT_DIR_RTL
                                                  ? "\u200F" : "\u200E", line, NULL);
      g_autofree char *name = dossier_bidi_mark (article->title != NULL ? article->title : _("Untitled"));

      g_variant_builder_open (&builder, G_VARIANT_TYPE ("a{sv}"));
      g_variant_builder_add (&builder, "{sv}", "id", g_variant_new_string (id));
      g_variant_builder_add (&builder, "{sv}", "name", g_variant_new_string (name));
      g_variant_builder_add (&builder, "{sv}", "description", g_variant_new_string (description));
      g_variant_builder_add (&builder, "{sv}", "icon", serialized);
      if (article->link != NULL)
        g_variant_builder_add (&builder, "{sv}", "clipboardText", g_variant_new_string (article->link));
      g_variant_builder_close (&builder);
    }
  g_dbus_method_invocation_return_value (call->invocation, g_variant_new ("(aa{sv})", &builder));
  call_free (call);
}

static void
get_result_metas (DossierSearchProvider *self,
                  GDBusMethodInvocation *invocation,
                  const char * const    *identifiers)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; identifiers[i] != NULL; i++)
    {
      gint64 id = g_ascii_strtoll (identifiers[i], NULL, 10);

      if (id > 0)
        g_array_append_val (ids, id);
    }
  dossier_context_get_articles_async (self->context, (const gint64 *) ids->data, ids->len, NULL,
                                      on_metas_read_cb, call_new (self, invocation));
}

static void
handle_method_call (GDBusConnection       *connection,
                    const char            *sender,
                    const char            *object_path,
                    const char            *interface_name,
                    const char            *method_name,
                    GVariant              *parameters,
                    GDBusMethodInvocation *invocation,
                    gpointer               user_data)
{
  DossierSearchProvider *self = user_data;

  if (g_str_equal (method_name, "GetInitialResultSet"))
    {
      g_autofree const char **terms = NULL;

      g_variant_get (parameters, "(^a&s)", &terms);
      search (self, invocation, terms);
    }
  else if (g_str_equal (method_name, "GetSubsearchResultSet"))
    {
      g_autofree const char **previous = NULL;
      g_autofree const char **terms = NULL;

      /* A fresh search: the index is quicker than filtering the
       * previous results one by one. */
      g_variant_get (parameters, "(^a&s^a&s)", &previous, &terms);
      search (self, invocation, terms);
    }
  else if (g_str_equal (method_name, "GetResultMetas"))
    {
      g_autofree const char **identifiers = NULL;

      g_variant_get (parameters, "(^a&s)", &identifiers);
      get_result_metas (self, invocation, identifiers);
    }
  else if (g_str_equal (method_name, "ActivateResult"))
    {
      const char *identifier = NULL;
      guint32 timestamp = 0;

      g_variant_get (parameters, "(&s^a&su)", &identifier, NULL, &timestamp);
      self->open_func (self->application, g_ascii_strtoll (identifier, NULL, 10), NULL, timestamp);
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
  else if (g_str_equal (method_name, "LaunchSearch"))
    {
      g_autofree const char **terms = NULL;
      g_autofree char *text = NULL;
      guint32 timestamp = 0;

      g_variant_get (parameters, "(^a&su)", &terms, &timestamp);
      text = g_strjoinv (" ", (char **) terms);
      self->open_func (self->application, 0, text, timestamp);
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
  else
    g_dbus_method_invocation_return_error (invocation, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD,
                                           "No such method: %s", method_name);
}

static const GDBusInterfaceVTable vtable = { handle_method_call, NULL, NULL, { 0 } };

static void
dossier_search_provider_dispose (GObject *object)
{
  DossierSearchProvider *self = DOSSIER_SEARCH_PROVIDER (object);

  dossier_search_provider_unregister (self);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (dossier_search_provider_parent_class)->dispose (object);
}

static void
dossier_search_provider_class_init (DossierSearchProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = dossier_search_provider_dispose;
}

static void
dossier_search_provider_init (DossierSearchProvider *self)
{
}

DossierSearchProvider *
dossier_search_provider_new (GApplication          *application,
                             DossierContext        *context,
                             DossierSearchOpenFunc  open_func)
{
  DossierSearchProvider *self = g_object_new (DOSSIER_TYPE_SEARCH_PROVIDER, NULL);

  self->application = application;
  self->context = g_object_ref (context);
  self->open_func = open_func;
  return self;
}

gboolean
dossier_search_provider_register (DossierSearchProvider  *self,
                                  GDBusConnection        *connection,
                                  const char             *object_path,
                                  GError                **error)
{
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (interface_xml, error);

  if (info == NULL)
    return FALSE;
  self->registration = g_dbus_connection_register_object (connection, object_path, info->interfaces[0],
                                                          &vtable, self, NULL, error);
  if (self->registration == 0)
    return FALSE;
  self->connection = g_object_ref (connection);
  return TRUE;
}

void
dossier_search_provider_unregister (DossierSearchProvider *self)
{
  if (self->registration != 0)
    g_dbus_connection_unregister_object (self->connection, self->registration);
  self->registration = 0;
  g_clear_object (&self->connection);
}
