"""`planbot kb suggest`: candidate facts for a new document, learned from the curated ones.

Every number of the new document is read (figures.py); those that are something else — a
year, a date, a list index, a chart axis, a repeated slide — are left out (roles.py); the
rest are read field by field (model.py), with the curated facts of the other documents as
examples of how such wording becomes a fact (examples.py), and turned into proposals that
pass the build's checks (proposals.py). Nothing is written anywhere: a person reviews the
YAML and pastes what they accept into knowledge/facts/.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from planbot.knowledge.load import Knowledge
from planbot.knowledge.suggest.document import Document
from planbot.knowledge.suggest.examples import part_names, training_examples
from planbot.knowledge.suggest.figures import figures
from planbot.knowledge.suggest.model import Suggester
from planbot.knowledge.suggest.proposals import Proposal, propose
from planbot.knowledge.suggest.roles import NameNumbers, not_figures

THRESHOLD = 0.0  # propose every figure; a higher value keeps only the surer proposals


def source_of(knowledge: Knowledge, path: Path) -> str | None:
    """The id of the curated source that `path` is a copy of (by sha256), if any."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return next((s.id for s in knowledge.sources.values() if s.sha256 == digest), None)


def suggest(
    knowledge: Knowledge,
    source_file: Path,
    holdout: str | None = None,
    date: str | None = None,
    include_curated: bool = False,
    threshold: float = THRESHOLD,
    catalogue_known_only: bool = False,
) -> list[Proposal]:
    """Proposals for the figures of `source_file`, in document order.

    `holdout` ignores that source's curated facts (to measure the command on a document as
    if it were new). The document's own curated facts are never examples; the lines they
    cite are skipped unless `include_curated`. `catalogue_known_only` proposes only measures
    that curated facts of the other documents use (the catalogue as it was before this one).
    """
    own = source_of(knowledge, source_file)
    exclude = {s for s in (holdout, own) if s}
    measures = knowledge.measures
    if catalogue_known_only:
        used = {f.record.measure for f in knowledge.facts if f.source_id not in exclude}
        measures = {k: v for k, v in measures.items() if k in used}
    names = NameNumbers(n for m in measures.values() for n in (m.name, *m.synonyms))
    model = Suggester(training_examples(knowledge, exclude), measures)
    source = knowledge.sources.get(own) if own else None
    document = Document(
        source_file.read_text(encoding="utf-8").splitlines(),
        date or (source.date if source else None),
        part_names(knowledge, exclude),
    )
    cited: set[int] = set()
    if own and own != holdout and not include_curated:
        for fact in knowledge.facts:
            if fact.source_id == own:
                cited.update(range(fact.record.lines[0] - 1, fact.record.lines[1]))
    others = not_figures(document, names)
    found = [f for f in figures(document) if f.line not in cited and f not in others]
    out = []
    for reading in model.read(document, found):
        proposal = propose(document, reading, measures)
        if proposal is not None and proposal.confidence >= threshold:
            out.append(proposal)
    return out


__all__ = ["Proposal", "source_of", "suggest"]
