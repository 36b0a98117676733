"""JSON Schemas for ``course.yaml`` and the quiz files: shape, types and unknown keys."""

from ..progress.rules import Counts
from .definitions import QUESTION_KINDS

SLUG = {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$", "maxLength": 80}
TEXT = {"type": "string", "minLength": 1, "pattern": r"\S"}

COURSE_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["slug", "title", "notice", "pass_mark", "modules"],
    "properties": {
        "slug": SLUG,
        "title": TEXT,
        "notice": TEXT,
        "pass_mark": {"type": "integer", "minimum": 1, "maximum": 100},
        "attempts": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "max": {
                    "oneOf": [
                        {"const": "unlimited"},
                        {"type": "integer", "minimum": 1, "maximum": 100},
                    ]
                },
                "counts": {"enum": [counts.value for counts in Counts]},
            },
        },
        "sequential": {"type": "boolean"},
        "final_assessment": {
            "type": "object",
            "additionalProperties": False,
            "required": ["questions_per_module"],
            "properties": {
                "title": {**TEXT, "maxLength": 200},
                "questions_per_module": {"type": "integer", "minimum": 1, "maximum": 10},
            },
        },
        "modules": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["slug", "title"],
                "properties": {
                    "slug": SLUG,
                    "title": TEXT,
                    "headings": {"type": "array", "minItems": 1, "items": TEXT},
                    "starts_at_paragraph": TEXT,
                },
                "oneOf": [
                    {"required": ["headings"], "not": {"required": ["starts_at_paragraph"]}},
                    {"required": ["starts_at_paragraph"], "not": {"required": ["headings"]}},
                ],
            },
        },
    },
}

OPTION_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "text"],
    "properties": {
        "id": SLUG,
        "text": TEXT,
        "correct": {"type": "boolean"},
        "feedback": TEXT,
    },
}

ITEM_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "text"],
    "properties": {"id": SLUG, "text": TEXT},
}

PAIR_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "left", "right"],
    "properties": {"id": SLUG, "left": TEXT, "right": TEXT},
}

DISTRACTOR_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "text"],
    "properties": {"id": SLUG, "text": TEXT, "feedback": TEXT},
}

# The keys each question type has beyond the common ones; the first group is required.
TYPE_KEYS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "single_choice": (("options",), ()),
    "multiple_select": (("options",), ()),
    "true_false": (("answer",), ("feedback",)),
    "ordering": (("items",), ("feedback",)),
    "matching": (("pairs",), ("distractors", "feedback")),
    "short_answer": (("accepted",), ("feedback",)),
}
assert set(TYPE_KEYS) == set(QUESTION_KINDS)
ALL_TYPE_KEYS = sorted(
    {k for required, optional in TYPE_KEYS.values() for k in required + optional}
)


def foreign_keys(kind: str) -> list[str]:
    """Type-specific keys that a question of ``kind`` must not have."""
    required, optional = TYPE_KEYS[kind]
    return [k for k in ALL_TYPE_KEYS if k not in required + optional]


QUESTION_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "type", "prompt", "explanation", "source"],
    "properties": {
        "id": SLUG,
        "type": {"enum": list(QUESTION_KINDS)},
        "prompt": TEXT,
        "options": {"type": "array", "minItems": 1, "maxItems": 8, "items": OPTION_SCHEMA},
        "answer": {"type": "boolean"},
        "items": {"type": "array", "minItems": 1, "maxItems": 8, "items": ITEM_SCHEMA},
        "pairs": {"type": "array", "minItems": 1, "maxItems": 8, "items": PAIR_SCHEMA},
        "distractors": {"type": "array", "maxItems": 4, "items": DISTRACTOR_SCHEMA},
        "accepted": {
            "type": "array",
            "minItems": 1,
            "maxItems": 20,
            "items": {**TEXT, "maxLength": 200},
        },
        "feedback": TEXT,
        "explanation": TEXT,
        "source": TEXT,
    },
    "allOf": [
        {
            "if": {"properties": {"type": {"const": kind}}, "required": ["type"]},
            "then": {
                "required": list(TYPE_KEYS[kind][0]),
                "not": {"anyOf": [{"required": [key]} for key in foreign_keys(kind)]},
            },
        }
        for kind in QUESTION_KINDS
    ],
}

QUIZ_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["module", "questions"],
    "properties": {
        "module": SLUG,
        "questions": {"type": "array", "minItems": 1, "items": QUESTION_SCHEMA},
    },
}
