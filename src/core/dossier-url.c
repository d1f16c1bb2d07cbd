/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-url"

#include "config.h"

#include <arpa/inet.h>
#include <string.h>

#include "dossier-url.h"

static int
default_port (const char *scheme)
{
  if (g_ascii_strcasecmp (scheme, "http") == 0)
    return 80;
  if (g_ascii_strcasecmp (scheme, "https") == 0)
    return 443;
  return -1;
}

/* The host as DNS compares it: lower case, an IDN in its ASCII form, no
 * final dot. */
static char *
clean_host (const char *host)
{
  g_autofree char *ascii = NULL;
  char *clean;
  gsize length;

  if (host == NULL)
    return NULL;
  ascii = g_str_is_ascii (host) ? g_strdup (host) : g_hostname_to_ascii (host);
  clean = g_ascii_strdown (ascii != NULL ? ascii : host, -1);
  length = strlen (clean);
  while (length > 1 && clean[length - 1] == '.')
    clean[--length] = '\0';
  return clean;
}

char *
dossier_url_key (const char *url)
{
  g_autofree char *clean = g_strstrip (g_strdup (url != NULL ? url : ""));
  g_autoptr(GUri) uri = g_uri_parse (clean, G_URI_FLAGS_ENCODED, NULL);
  g_autofree char *scheme = NULL;
  g_autofree char *host = NULL;
  g_autoptr(GString) path = NULL;
  const char *query;
  int port;

  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return g_steal_pointer (&clean);

  scheme = g_ascii_strdown (g_uri_get_scheme (uri), -1);
  host = clean_host (g_uri_get_host (uri));
  port = g_uri_get_port (uri);
  if (port == default_port (scheme))
    port = -1;

  /* One slash where there were several, and escapes in one case. */
  path = g_string_new (NULL);
  for (const char *p = g_uri_get_path (uri); *p != '\0'; p++)
    {
      if (*p == '/' && path->len > 0 && path->str[path->len - 1] == '/')
        continue;
      if (*p == '%' && g_ascii_isxdigit (p[1]) && g_ascii_isxdigit (p[2]))
        {
          g_string_append_c (path, '%');
          g_string_append_c (path, g_ascii_toupper (p[1]));
          g_string_append_c (path, g_ascii_toupper (p[2]));
          p += 2;
          continue;
        }
      g_string_append_c (path, *p);
    }
  if (path->len == 0)
    g_string_append_c (path, '/');

  query = g_uri_get_query (uri);
  if (query != NULL && query[0] == '\0')
    query = NULL;

  return g_uri_join (G_URI_FLAGS_ENCODED, scheme, g_uri_get_userinfo (uri), host, port, path->str, query, NULL);
}

gboolean
dossier_inet_address_is_local (GInetAddress *address)
{
  const guint8 *bytes;

  if (g_inet_address_get_is_loopback (address) || g_inet_address_get_is_link_local (address) ||
      g_inet_address_get_is_site_local (address) || g_inet_address_get_is_any (address) ||
      g_inet_address_get_is_multicast (address))
    return TRUE;

  bytes = g_inet_address_to_bytes (address);
  if (g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV4)
    {
      /* 0/8 "this network", 100.64/10 carrier-grade NAT, broadcast. */
      return bytes[0] == 0 || (bytes[0] == 100 && (bytes[1] & 0xC0) == 64) ||
             (bytes[0] == 255 && bytes[1] == 255 && bytes[2] == 255 && bytes[3] == 255);
    }

  /* fc00::/7, unique local addresses. */
  if ((bytes[0] & 0xFE) == 0xFC)
    return TRUE;
  /* ::ffff:a.b.c.d is the IPv4 address it carries. */
  {
    static const guint8 mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF };

    if (memcmp (bytes, mapped, sizeof mapped) == 0)
      {
        g_autoptr(GInetAddress) v4 = g_inet_address_new_from_bytes (bytes + 12, G_SOCKET_FAMILY_IPV4);

        return dossier_inet_address_is_local (v4);
      }
  }
  return FALSE;
}

gboolean
dossier_url_host_is_local (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url != NULL ? url : "", G_URI_FLAGS_NONE, NULL);
  g_autofree char *host = NULL;
  g_autoptr(GInetAddress) address = NULL;
  struct in_addr v4;

  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return FALSE;
  host = clean_host (g_uri_get_host (uri));
  if (g_str_equal (host, "localhost") || g_str_has_suffix (host, ".localhost"))
    return TRUE;

  address = g_inet_address_new_from_string (host);
  /* The resolver also takes 2130706433, 0x7f.1 and 127.1 as 127.0.0.1. */
  if (address == NULL && inet_aton (host, &v4) != 0)
    address = g_inet_address_new_from_bytes ((const guint8 *) &v4.s_addr, G_SOCKET_FAMILY_IPV4);
  return address != NULL && dossier_inet_address_is_local (address);
}

/* The port a URL is fetched on; 80 and 443 count as one, the web's. */
static int
service_port (GUri *uri)
{
  int port = g_uri_get_port (uri);

  if (port < 0)
    port = default_port (g_uri_get_scheme (uri));
  return port == 443 ? 80 : port;
}

gboolean
dossier_url_may_reach_local (const char *url,
                             const char *origin)
{
  g_autoptr(GUri) target = NULL;
  g_autoptr(GUri) source = NULL;
  g_autofree char *target_host = NULL;
  g_autofree char *source_host = NULL;

  if (url == NULL || origin == NULL)
    return FALSE;
  target = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  source = g_uri_parse (origin, G_URI_FLAGS_NONE, NULL);
  if (target == NULL || source == NULL || g_uri_get_host (target) == NULL || g_uri_get_host (source) == NULL)
    return FALSE;
  target_host = clean_host (g_uri_get_host (target));
  source_host = clean_host (g_uri_get_host (source));
  return g_str_equal (target_host, source_host) && service_port (target) == service_port (source);
}
