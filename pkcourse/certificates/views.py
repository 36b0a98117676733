from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..courses.views import course_or_404
from . import codes, services

bp = Blueprint("certificates", __name__)
bp.add_app_template_filter(codes.display, "certificate_code")


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


@bp.get("/certificates")
def lookup():
    """A box to type a code into (from a printed certificate); a typed code goes to its page."""
    typed = request.args.get("code", "").strip()
    if typed:
        code = codes.normalise(typed)
        return redirect(url_for("certificates.verify", code=codes.display(code) if code else typed))
    return render_template("certificates/lookup.html")
