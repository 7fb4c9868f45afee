"""Reading the monitoring pages as a filer sees them: what each field shows and says."""

from __future__ import annotations

from django.test.html import Element, parse_html


def _walk(element, path=()):
    if isinstance(element, str):
        return
    yield element, path
    for child in element.children:
        yield from _walk(child, (*path, element))


def text_of(element) -> str:
    if isinstance(element, str):
        return element
    return "".join(text_of(child) for child in element.children)


class Page:
    """A rendered page: ``page.value("budget")`` is what the field named ``budget`` shows,
    ``page.said_at("budget")`` what its cell (table cell or field block) says around it."""

    def __init__(self, html: str) -> None:
        self.html = html
        self.root = parse_html(html)
        self.fields: dict[str, tuple[Element, tuple]] = {}
        for element, path in _walk(self.root):
            name = dict(element.attributes).get("name")
            if element.name in ("input", "textarea", "select") and name:
                self.fields[name] = (element, path)

    def value(self, name: str) -> str:
        element, _ = self.fields[name]
        if element.name == "textarea":
            return text_of(element).strip("\n")
        if element.name == "select":
            for option, _path in _walk(element):
                if option.name == "option" and "selected" in dict(option.attributes):
                    return dict(option.attributes).get("value", "")
            return ""
        return dict(element.attributes).get("value") or ""

    def said_at(self, name: str) -> str:
        _, path = self.fields[name]
        for ancestor in reversed(path):
            classes = dict(ancestor.attributes).get("class") or ""
            if ancestor.name == "td" or "field" in classes.split():
                return text_of(ancestor)
        raise AssertionError(f"{name} is in no cell")

    def section(self, element_id: str) -> str:
        for element, _ in _walk(self.root):
            if dict(element.attributes).get("id") == element_id:
                return text_of(element)
        return ""
