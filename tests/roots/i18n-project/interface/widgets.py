"""Interface words of the fixture: extracted with babel like build_tools' own."""


def _(message: str) -> str:
    return message


LABELS = [_("Country"), _("Status")]
