"""Outgoing e-mail over SMTP (the standard library's smtplib), configured by ``PKCOURSE_MAIL_*``.

Without ``MAIL_SERVER`` the app sends nothing and says so where it matters (password reset falls
back to a link from a teacher or an administrator)."""

import smtplib
from email.message import EmailMessage

from flask import current_app


def is_configured() -> bool:
    return bool(current_app.config.get("MAIL_SERVER"))


def send(to: str, subject: str, body: str) -> None:
    """Send a plain-text message; raises ``OSError`` / ``smtplib.SMTPException`` on failure."""
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_FROM"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    smtp_class = smtplib.SMTP_SSL if config.get("MAIL_USE_SSL") else smtplib.SMTP
    timeout = float(config.get("MAIL_TIMEOUT", 10))
    with smtp_class(config["MAIL_SERVER"], int(config["MAIL_PORT"]), timeout=timeout) as smtp:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], str(config.get("MAIL_PASSWORD") or ""))
        smtp.send_message(message)
