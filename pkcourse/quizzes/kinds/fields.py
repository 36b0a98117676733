"""Form fields shared by the kinds that answer row by row (ordering, matching, gap fill)."""

from wtforms import Field
from wtforms.utils import unset_value
from wtforms.validators import ValidationError


class SlotSelectField(Field):
    """One ``<select>`` per row, named ``<name>-1`` … ``<name>-n`` in display order, all answering
    one question. ``rows`` are (id, text) pairs; ``choices`` are (value, text) pairs offered in
    every row (``row_choices`` gives a row's own, when rows differ); ``data`` is the chosen value
    per row ("" for none)."""

    def __init__(self, label=None, validators=None, *, rows=(), choices=(), **kwargs):
        super().__init__(label, validators, **kwargs)
        self.rows: list[tuple[str, str]] = list(rows)
        self.choices: list[tuple[str, str]] = list(choices)

    def row_choices(self, index: int) -> list[tuple[str, str]]:
        return self.choices

    def row_name(self, index: int) -> str:
        return f"{self.name}-{index + 1}"

    def row_id(self, index: int) -> str:
        return f"{self.id}-{index + 1}"

    def process(self, formdata, data=unset_value, extra_filters=None):
        self.process_errors = []
        self.data = [""] * len(self.rows)
        self.raw_data = []
        if formdata is None:
            return
        for index in range(len(self.rows)):
            values = formdata.getlist(self.row_name(index))
            self.raw_data.extend(values)
            if len(values) > 1:
                self.process_errors.append("Choose one value per row.")
            self.data[index] = values[0] if values else ""

    def pre_validate(self, form):
        for index, value in enumerate(self.data):
            if value and value not in {v for v, _ in self.row_choices(index)}:
                raise ValidationError("Not a valid choice.")
