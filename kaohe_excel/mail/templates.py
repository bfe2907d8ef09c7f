"""The mail templates (subject, plain text, HTML) rendered with Jinja2.

The templates are package data in `kaohe_excel/templates/mail/`; a folder named in 设置
(邮件模板目录) comes first, so the office re-words a mail without touching code. The HTML is
autoescaped: a window called `<b>&` reaches the recipient as that text, not as markup.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

import jinja2

from ..errors import KaoheError

PACKAGE_FOLDER = Path(__file__).resolve().parent.parent / "templates" / "mail"


class Rendered(NamedTuple):
    subject: str
    text: str
    html: str


def environment(folder: str = "") -> jinja2.Environment:
    loaders: list[jinja2.BaseLoader] = []
    if folder:
        if not Path(folder).is_dir():
            raise KaoheError(f"设置中的邮件模板目录不存在：{folder}")
        loaders.append(jinja2.FileSystemLoader(folder))
    loaders.append(jinja2.FileSystemLoader(PACKAGE_FOLDER))
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=jinja2.select_autoescape(["html"], default_for_string=False, default=False),
        undefined=jinja2.StrictUndefined,  # a misspelt field is an error, not a blank
        keep_trailing_newline=True,
    )


def render(env: jinja2.Environment, kind: str, context: dict[str, Any]) -> Rendered:
    """`kind` is "quarter" or "year": templates <kind>_subject.txt, <kind>_body.txt and
    <kind>_body.html."""
    parts = []
    for suffix in ("subject.txt", "body.txt", "body.html"):
        name = f"{kind}_{suffix}"
        try:
            parts.append(env.get_template(name).render(context))
        except jinja2.TemplateError as exc:
            raise KaoheError(f"邮件模板 {name} 有误：{exc}") from None
    return Rendered(" ".join(parts[0].split()), parts[1], parts[2])
