"""JSON Schemas for ``course.yaml`` and the quiz files: shape, types and unknown keys."""

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
        "feedback": TEXT,
        "explanation": TEXT,
        "source": TEXT,
    },
    "allOf": [
        {
            "if": {"properties": {"type": {"const": "true_false"}}},
            "then": {"required": ["answer"], "not": {"required": ["options"]}},
            "else": {"required": ["options"], "not": {"required": ["answer"]}},
        }
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
