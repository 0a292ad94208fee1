"""XML safety and encodings: refuse entities fast, decode declared encodings right."""

from __future__ import annotations

import pytest

from rtc_tui.sources.errors import SourceError
from rtc_tui.sources.xmldoc import local_name, namespace, parse_xml, to_utf8
from tests.unit.sources_helpers import fixture


@pytest.mark.parametrize("name", ["billion_laughs.xml", "external_entity.xml"])
def test_entity_documents_are_refused(name: str) -> None:
    with pytest.raises(SourceError, match="entity-expansion"):
        parse_xml(fixture(name))


def test_malformed_xml_is_a_source_error() -> None:
    with pytest.raises(SourceError, match="malformed XML"):
        parse_xml(fixture("malformed.xml"))


def test_a_bare_doctype_without_entities_is_fine() -> None:
    root = parse_xml(b'<?xml version="1.0"?><!DOCTYPE rss><rss><channel/></rss>')
    assert root.tag == "rss"


def test_latin1_declaration_is_honoured() -> None:
    text = to_utf8(fixture("latin1.xml")).decode("utf-8")
    assert "Perché la città è già in festa" in text
    assert text.startswith('<?xml version="1.0" encoding="utf-8"?>')


def test_windows_1252_declaration_is_honoured() -> None:
    assert "“Virgolette” – trattini" in to_utf8(fixture("windows1252.xml")).decode("utf-8")


def test_http_charset_is_used_when_the_document_declares_nothing() -> None:
    data = "<r>città</r>".encode("latin-1")
    assert to_utf8(data, "text/xml; charset=ISO-8859-1").decode() == "<r>città</r>"


def test_undeclared_non_utf8_falls_back_to_windows_1252() -> None:
    assert to_utf8("<r>perché</r>".encode("cp1252")).decode() == "<r>perché</r>"


def test_utf8_bom_is_removed() -> None:
    assert to_utf8(b"\xef\xbb\xbf<r>a</r>") == b"<r>a</r>"


def test_unknown_declared_encoding_falls_back() -> None:
    data = b'<?xml version="1.0" encoding="x-klingon"?><r>ok</r>'
    assert parse_xml(data).text == "ok"


def test_namespace_helpers() -> None:
    assert local_name("{https://trends.google.com/trending/rss}approx_traffic") == "approx_traffic"
    assert namespace("{urn:x}a") == "urn:x"
    assert namespace("plain") == ""
