import pytest

from baton.cli.demo.random_source import NBSP, ascii_slug, french_typography, stream, words


@pytest.mark.parametrize(
    ("text", "sep", "slug"),
    [
        ("Émilie Côté", "", "emiliecote"),
        ("Marie-Ève", "-", "marie-eve"),
        ("Peñablanca", "", "penablanca"),
        ("Groupe  Hexalis SAS", "-", "groupe-hexalis-sas"),
    ],
)
def test_ascii_slug(text: str, sep: str, slug: str) -> None:
    assert ascii_slug(text, sep) == slug


@pytest.mark.parametrize(
    ("text", "typeset"),
    [
        ("Objectif : signer", f"Objectif{NBSP}: signer"),
        ("Des clients ? Oui !", f"Des clients{NBSP}? Oui{NBSP}!"),
        ("des leads « pas mûrs »", f"des leads «{NBSP}pas mûrs{NBSP}»"),
        ("rien à changer", "rien à changer"),
    ],
)
def test_french_typography(text: str, typeset: str) -> None:
    assert french_typography(text) == typeset


def test_streams_are_stable_and_independent_per_topic() -> None:
    assert stream(1, "companies").random() == stream(1, "companies").random()
    assert stream(1, "companies").random() != stream(1, "committee").random()
    assert stream(1, "companies").random() != stream(2, "companies").random()


def test_words() -> None:
    assert words(" Hexa  Nova\nAlti ") == ("Hexa", "Nova", "Alti")
