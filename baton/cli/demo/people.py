"""First and last names that fit each country, and how people's emails are spelled."""

from __future__ import annotations

import random

from baton.cli.demo.random_source import ascii_slug, words

FIRST_NAMES: dict[str, tuple[str, ...]] = {
    "FR": words(
        "Antoine Aurélie Baptiste Caroline Claire Damien Élodie Émilie Florian Guillaume "
        "Hélène Hugo Isabelle Jérôme Julie Laure Laurent Manon Marc Mathilde Nicolas Océane "
        "Pauline Pierre Romain Sandrine Sébastien Sophie Thomas Valérie Vincent Yann"
    ),
    "BE": words(
        "Annelies Arnaud Charlotte Elke Geoffrey Jens Laura Lucas Marie Pieter Sofie Stijn "
        "Thibault Wout Nathalie Maxime"
    ),
    "CH": words(
        "Céline Fabienne Jonas Luca Mélanie Nina Reto Sandro Simone Urs Valentin Yannick "
        "Corinne Lukas Léa Marco"
    ),
    "DE": words(
        "Anna Christian Felix Jana Jonas Julia Katharina Lena Lukas Markus Maximilian Sabine "
        "Stefan Tobias Ulrike Wolfgang"
    ),
    "GB": words(
        "Amelia Charlotte Daniel Emily George Grace Harry James Hannah Oliver Rebecca Sophie "
        "Thomas William Eleanor Jack"
    ),
    "ES": words(
        "Alejandro Carlos Carmen Diego Elena Javier Laura Lucía María Marta Pablo Sergio Alba "
        "Raúl Nuria Andrés"
    ),
    "CA": words(
        "Catherine Chloé Émilie Gabriel Geneviève Liam Mathieu Noah Olivia Olivier Sarah "
        "Simon Marie-Ève Jean-François Emma Ryan"
    ),
    "US": words(
        "Ashley Chris Daniel David Jennifer Jessica Kevin Lauren Megan Michael Rachel Ryan "
        "Brandon Nicole Tyler Amanda"
    ),
}

LAST_NAMES: dict[str, tuple[str, ...]] = {
    "FR": words(
        "Aubert Barbier Blanchard Bonnet Brunet Carpentier Chevalier Colin Dumont Durand "
        "Fabre Faure Fournier Gaillard Gauthier Girard Guérin Hamon Joly Lambert Leclerc "
        "Lemaire Mercier Meunier Morel Perrin Picard Renaud Rey Roussel Roux Vidal"
    ),
    "BE": words(
        "Claes Dubois Goossens Jacobs Janssens Lambert Maes Mertens Peeters Renard Simon "
        "Vandenberghe Willems Wouters Lejeune Dupont"
    ),
    "CH": words(
        "Bühler Favre Gerber Keller Meier Müller Rochat Schmid Steiner Zürcher Baumann Bonvin "
        "Brunner Huber Python Monnier"
    ),
    "DE": words(
        "Becker Fischer Hoffmann Klein Koch Krüger Müller Richter Schäfer Schmidt Schneider "
        "Schulz Wagner Weber Wolf Zimmermann"
    ),
    "GB": words(
        "Bennett Brown Clarke Davies Evans Hughes Jones Patel Roberts Smith Taylor Thompson "
        "Walker Williams Wilson Wright"
    ),
    "ES": words(
        "Díaz Fernández García Gómez González Hernández López Martín Martínez Moreno Navarro "
        "Pérez Romero Ruiz Sánchez Torres"
    ),
    "CA": words(
        "Bouchard Campbell Côté Fortin Gagnon Gauthier Lavoie MacDonald Morin Ouellet "
        "Pelletier Roy Tremblay Bélanger Leblanc Wilson"
    ),
    "US": words(
        "Anderson Brooks Davis Garcia Harris Jackson Johnson Lee Martinez Miller Moore Nguyen "
        "Parker Rodriguez Thomas Walker"
    ),
}


def person_name(rng: random.Random, country: str) -> tuple[str, str]:
    """A plausible ``(first name, last name)`` for someone working in ``country``."""
    key = country if country in FIRST_NAMES else "FR"
    return rng.choice(FIRST_NAMES[key]), rng.choice(LAST_NAMES[key])


def email_local_part(first_name: str, last_name: str) -> str:
    """``"Marie-Ève", "Côté"`` → ``"marie-eve.cote"``."""
    return f"{ascii_slug(first_name, '-')}.{ascii_slug(last_name, '-')}"


def linkedin_url(rng: random.Random, first_name: str, last_name: str) -> str:
    handle = f"{ascii_slug(first_name, '-')}-{ascii_slug(last_name, '-')}"
    return f"https://www.linkedin.com/in/{handle}-{rng.randrange(16**6):06x}/"
