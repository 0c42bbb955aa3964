"""Press reviews (« revues de presse »): kept or found articles as a document to hand over.

    review = build_review(articles, title=..., grouping="source", words=..., snippets=...)
    tui.formats.write_review("markdown" | "html" | "docx", review, path)

`model` gathers and groups; `markdown`, `html` and `docx` write one format each (python-docx
is imported only by `docx`, only when a DOCX is written).
"""

from tui.review.model import Review, ReviewGroup, ReviewItem, build_review
from tui.source_titles import source_titles

__all__ = ["Review", "ReviewGroup", "ReviewItem", "build_review",
           "source_titles"]
