"""JSON Schemas for ``course.yaml`` and the quiz files: shape, types and unknown keys."""

from ..progress.rules import Counts
from ..quizzes.kinds import KINDS

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
        "misconceptions": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["id", "text"],
                "properties": {"id": SLUG, "text": {**TEXT, "maxLength": 300}},
            },
        },
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

COMMON_KEYS = ("id", "type", "prompt", "explanation", "source")


def _type_keys() -> dict[str, dict]:
    """Every kind's own keys with their schemas; a key two kinds share has one schema."""
    keys: dict[str, dict] = {}
    for kind in KINDS.values():
        for key, schema in kind.keys.items():
            assert keys.setdefault(key, dict(schema)) == schema, f"two schemas for `{key}`"
    assert not set(keys) & set(COMMON_KEYS)
    return keys


TYPE_KEYS = _type_keys()


def foreign_keys(kind: str) -> list[str]:
    """Type-specific keys that a question of ``kind`` must not have."""
    return sorted(k for k in TYPE_KEYS if k not in KINDS[kind].keys)


QUESTION_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "type", "prompt", "explanation", "source"],
    "properties": {
        "id": SLUG,
        "type": {"enum": list(KINDS)},
        "prompt": TEXT,
        **TYPE_KEYS,
        "explanation": TEXT,
        "source": TEXT,
    },
    "allOf": [
        {
            "if": {"properties": {"type": {"const": kind}}, "required": ["type"]},
            "then": {
                "required": list(KINDS[kind].required),
                "not": {"anyOf": [{"required": [key]} for key in foreign_keys(kind)]},
            },
        }
        for kind in KINDS
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
