# Static checks of the addons (manifests, data files, ACLs, i18n, compose file).
