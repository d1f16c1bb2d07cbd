/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The form of @url that finds the same feed however it is spelt: scheme
 * and host in lower case, the default port, a fragment and an empty query
 * dropped, doubled slashes in the path made one, "" as path made "/".
 * HTTP://Host:80//feed?#top and http://host/feed give the same key. Text
 * that is no URL is its own key. */
char     *dossier_url_key            (const char   *url);

/* Whether @url's host is a loopback, link-local or private address, or a
 * name that is always one ("localhost", "*.localhost"), by its spelling
 * alone: 127.0.0.1, [::1], 10.1.2.3, 169.254.169.254, 0.0.0.0. A name is
 * not resolved here; the fetcher checks where it leads when it connects. */
gboolean  dossier_url_host_is_local  (const char   *url);

/* Loopback (127/8, ::1), link-local (169.254/16, fe80::/10), private
 * (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7), unspecified
 * (0.0.0.0, ::) or multicast, an IPv4 one mapped into IPv6 included. */
gboolean  dossier_inet_address_is_local (GInetAddress *address);

/* Whether a request for @url made on behalf of the document at @origin
 * may reach a local address: only on the origin's own host, the same
 * name, with the same port or both the web's default ones (80, 443). A
 * feed on 127.0.0.1:8080 may show its pictures from 127.0.0.1:8080, not
 * from 127.0.0.1:631; NULL @origin: never. */
gboolean  dossier_url_may_reach_local (const char  *url,
                                       const char  *origin);

G_END_DECLS
