"""What a proposal must meet to be published, and how it is reviewed: one text, declared once.

The contributors' page (/contribuer/, between `cog` markers), the pull-request template
(.github/pull_request_template.md, the same) and the preview's summary for reviewers
(.github/scripts/resume_apercu.py, which imports it) all show these words; `scripts/tools/docs.py`
writes them out.
"""

from __future__ import annotations

# (name, what it asks), in the order a reviewer checks them.
CRITERIA: list[tuple[str, str]] = [
    ("Des faits avec leur source",
     "chaque fait de la fiche (date, chiffre, partenaire, résultat) vient d'une source citée dans la fiche, "
     "que le relecteur peut retrouver ; ce qu'aucune source ne dit n'est pas écrit."),
    ("Pas de publicité",
     "la fiche décrit ce que fait le projet et ce qu'il a produit, sans slogan, superlatif, tarif ni appel à "
     "acheter, à donner ou à s'inscrire."),
    ("Un lien avec un quartier prioritaire",
     "le projet est né dans un quartier prioritaire de la politique de la ville, s'y déploie ou en mobilise "
     "les habitants, et il a des effets sur l'emploi ou le développement économique : les deux filtres de "
     "l'étude."),
    ("Un contact public seulement",
     "aucune donnée personnelle : seul le contact public d'une organisation (page de contact, adresse "
     "générique) peut figurer, jamais l'adresse, le téléphone ou le nom d'une personne qui ne s'exprime pas "
     "publiquement au nom du projet."),
]

# (step, what happens), from the sending to the publication.
REVIEW: list[tuple[str, str]] = [
    ("Vérification automatique",
     "la fiche est vérifiée par les règles de la base (champs, valeurs, lieux, axes, sources, texte), comme le "
     "formulaire l'a fait avant l'envoi."),
    ("Relecture",
     "un mainteneur vérifie chacun des critères ci-dessus et le classement selon l'étude ; il peut vous "
     "demander une précision ou une source."),
    ("Réponse",
     "la proposition est acceptée, ou refusée avec sa raison (par exemple un critère non rempli) ; sur GitHub, "
     "son état se lit sur la page de la demande, et par courriel le mainteneur vous répond."),
    ("Publication",
     "une fois la fiche acceptée, le site est reconstruit et publié automatiquement ; la fiche a sa page à une "
     "adresse qui ne change plus."),
]

# How long it takes: the base promises no delay it cannot keep.
DELAY = ("Les mainteneurs relisent les propositions à mesure qu'elles arrivent ; le délai dépend de leur "
         "disponibilité et n'est pas garanti.")
