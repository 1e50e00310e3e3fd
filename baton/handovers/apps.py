from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HandoversConfig(AppConfig):
    name = "baton.handovers"
    label = "handovers"
    verbose_name = _("Handovers")

    def ready(self) -> None:
        from baton.handovers import notices
        from baton.handovers.services import feedback_link_open
        from baton.notifications.signed_links import register_link_action

        notices.register()
        register_link_action(
            "handover.feedback", label=_("Give your feedback"), handler=feedback_link_open
        )
