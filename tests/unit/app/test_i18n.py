"""The message catalogs: both languages complete, same placeholders, Vietnamese diacritics."""

from __future__ import annotations

import string

import pytest

from app import i18n


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_both_languages_have_the_same_keys() -> None:
    vi, en = i18n.catalog("vi"), i18n.catalog("en")
    assert sorted(vi.keys() - en.keys()) == []
    assert sorted(en.keys() - vi.keys()) == []


def test_placeholders_match_across_languages() -> None:
    vi, en = i18n.catalog("vi"), i18n.catalog("en")
    mismatched = [k for k in vi if _fields(vi[k]) != _fields(en[k])]
    assert mismatched == []


def test_vietnamese_is_the_default_and_uses_diacritics() -> None:
    assert i18n.DEFAULT_LANGUAGE == "vi"
    assert i18n.t("error.wrong_passphrase", lang="vi") == "Sai mật khẩu hoặc tệp khóa."
    text = " ".join(i18n.catalog("vi").values())
    # Every Vietnamese tone mark family appears: an ASCII-only catalog would fail this.
    for ch in "ạảãáàâấầăắđêếềôốồơớờưứừ":
        assert ch in text, ch


def test_missing_key_falls_back_visibly_and_bad_params_do_not_raise() -> None:
    assert i18n.t("no.such.key") == "no.such.key"
    assert "{seconds}" in i18n.t("error.locked_out")  # missing parameter: template shown, no crash


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="unsupported language"):
        i18n.set_language("fr")
