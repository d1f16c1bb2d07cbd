/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "dossier-choices.h"
#include "dossier-preferences-window.h"

struct _DossierPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  AdwComboRow          *density_row;
  GtkSwitch            *show_images_switch;
  GtkSwitch            *group_events_switch;
  AdwComboRow          *color_scheme_row;
  AdwComboRow          *refresh_interval_row;
  GtkSwitch            *refresh_on_start_switch;
  GtkSwitch            *background_refresh_switch;
  AdwComboRow          *retention_row;

  GSettings            *settings;
};

G_DEFINE_FINAL_TYPE (DossierPreferencesWindow, dossier_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* A combo row's positions and the key values they stand for, in the order
 * of the row's model in the .ui file. */
typedef struct {
  const guint *values;
  guint        n_values;
} UintChoices;

typedef struct {
  const char * const *nicks;
  guint               n_nicks;
} EnumChoices;

static const guint refresh_minutes[] = { DOSSIER_INTERVAL_CHOICES };
static const UintChoices refresh_choices = { refresh_minutes, G_N_ELEMENTS (refresh_minutes) };

/* 0 keeps every story. */
static const guint retention_days[] = { 0, DOSSIER_RETENTION_CHOICES };
static const UintChoices retention_choices = { retention_days, G_N_ELEMENTS (retention_days) };

static const char * const density_nicks[] = { "comfortable", "compact" };
static const EnumChoices density_choices = { density_nicks, G_N_ELEMENTS (density_nicks) };

static const char * const color_scheme_nicks[] = { "default", "light", "dark" };
static const EnumChoices color_scheme_choices = { color_scheme_nicks, G_N_ELEMENTS (color_scheme_nicks) };

static gboolean
uint_choice_get_mapping (GValue   *value,
                         GVariant *variant,
                         gpointer  user_data)
{
  const UintChoices *choices = user_data;

  /* The row shows the nearest choice and writes nothing until the user
   * picks one. */
  g_value_set_uint (value, dossier_nearest_choice (choices->values, choices->n_values,
                                                   g_variant_get_uint32 (variant)));
  return TRUE;
}

static GVariant *
uint_choice_set_mapping (const GValue       *value,
                         const GVariantType *expected_type,
                         gpointer            user_data)
{
  const UintChoices *choices = user_data;
  guint position = g_value_get_uint (value);

  /* GTK_INVALID_LIST_POSITION while the model is being replaced. */
  if (position >= choices->n_values)
    return NULL;
  return g_variant_new_uint32 (choices->values[position]);
}

static gboolean
enum_choice_get_mapping (GValue   *value,
                         GVariant *variant,
                         gpointer  user_data)
{
  const EnumChoices *choices = user_data;
  const char *nick = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < choices->n_nicks; i++)
    {
      if (g_str_equal (nick, choices->nicks[i]))
        {
          g_value_set_uint (value, i);
          return TRUE;
        }
    }
  return FALSE;
}

static GVariant *
enum_choice_set_mapping (const GValue       *value,
                         const GVariantType *expected_type,
                         gpointer            user_data)
{
  const EnumChoices *choices = user_data;
  guint position = g_value_get_uint (value);

  if (position >= choices->n_nicks)
    return NULL;
  return g_variant_new_string (choices->nicks[position]);
}

static void
bind_uint_choice (DossierPreferencesWindow *self,
                  const char               *key,
                  AdwComboRow              *row,
                  const UintChoices        *choices)
{
  g_settings_bind_with_mapping (self->settings, key, row, "selected", G_SETTINGS_BIND_DEFAULT,
                                uint_choice_get_mapping, uint_choice_set_mapping,
                                (gpointer) choices, NULL);
}

static void
bind_enum_choice (DossierPreferencesWindow *self,
                  const char               *key,
                  AdwComboRow              *row,
                  const EnumChoices        *choices)
{
  g_settings_bind_with_mapping (self->settings, key, row, "selected", G_SETTINGS_BIND_DEFAULT,
                                enum_choice_get_mapping, enum_choice_set_mapping,
                                (gpointer) choices, NULL);
}

static void
dossier_preferences_window_constructed (GObject *object)
{
  DossierPreferencesWindow *self = DOSSIER_PREFERENCES_WINDOW (object);

  G_OBJECT_CLASS (dossier_preferences_window_parent_class)->constructed (object);

  g_return_if_fail (G_IS_SETTINGS (self->settings));

  bind_enum_choice (self, "density", self->density_row, &density_choices);
  g_settings_bind (self->settings, "group-events", self->group_events_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "show-images", self->show_images_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  bind_enum_choice (self, "color-scheme", self->color_scheme_row, &color_scheme_choices);

  bind_uint_choice (self, "refresh-interval", self->refresh_interval_row, &refresh_choices);
  g_settings_bind (self->settings, "refresh-on-start", self->refresh_on_start_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "background-refresh", self->background_refresh_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);

  bind_uint_choice (self, "retention-days", self->retention_row, &retention_choices);
}

static void
dossier_preferences_window_dispose (GObject *object)
{
  DossierPreferencesWindow *self = DOSSIER_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), DOSSIER_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (dossier_preferences_window_parent_class)->dispose (object);
}

static void
dossier_preferences_window_get_property (GObject    *object,
                                         guint       prop_id,
                                         GValue     *value,
                                         GParamSpec *pspec)
{
  DossierPreferencesWindow *self = DOSSIER_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dossier_preferences_window_set_property (GObject      *object,
                                         guint         prop_id,
                                         const GValue *value,
                                         GParamSpec   *pspec)
{
  DossierPreferencesWindow *self = DOSSIER_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dossier_preferences_window_class_init (DossierPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = dossier_preferences_window_constructed;
  object_class->dispose = dossier_preferences_window_dispose;
  object_class->get_property = dossier_preferences_window_get_property;
  object_class->set_property = dossier_preferences_window_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/dossierapp/Dossier/dossier-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DossierPreferencesWindow, density_row);
  gtk_widget_class_bind_template_child (widget_class, DossierPreferencesWindow, show_images_switch);
  gtk_widget_class_bind_template_child (widget_class, DossierPreferencesWindow, group_events_switch);
  gtk_widget_class_bind_template_child (widget_class, DossierPreferencesWindow, color_scheme_row);
  gtk_widget_class_bind_template_child (widget_class, DossierPreferencesWindow, refresh_interval_row);
  gtk_widget_class_bind_template_child (widget_class, DossierPreferencesWindow, refresh_on_start_switch);
  gtk_widget_class_bind_template_child (widget_class, DossierPreferencesWindow, background_refresh_switch);
  gtk_widget_class_bind_template_child (widget_class, DossierPreferencesWindow, retention_row);
}

static void
dossier_preferences_window_init (DossierPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

DossierPreferencesWindow *
dossier_preferences_window_new (GSettings *settings)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (DOSSIER_TYPE_PREFERENCES_WINDOW,
                       "settings", settings,
                       NULL);
}

GSettings *
dossier_preferences_window_get_settings (DossierPreferencesWindow *self)
{
  g_return_val_if_fail (DOSSIER_IS_PREFERENCES_WINDOW (self), NULL);

  return self->settings;
}
