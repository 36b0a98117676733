from flask import Blueprint, render_template
from flask_login import current_user, login_required

from ..courses.views import course_or_404
from . import services

bp = Blueprint("certificates", __name__)


@bp.get("/certificate")
@login_required
def mine():
    """The learner's own certificate, laid out for printing."""
    course = course_or_404()
    certificate = services.certificate_of(current_user.id, course.id)
    if certificate is None:
        return render_template("certificates/none_yet.html", course=course), 404
    return render_template("certificates/certificate.html", certificate=certificate, own=True)


@bp.get("/certificates/<code>")
def verify(code: str):
    """Public: anyone holding a code can check that the certificate is genuine."""
    certificate = services.find_by_code(code)
    if certificate is None:
        return render_template("certificates/invalid.html"), 404
    return render_template("certificates/certificate.html", certificate=certificate, own=False)
