import re

from tests.helpers import make_app


def test_unknown_page_gets_the_styled_404_with_a_way_back(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "This page isn&#39;t here" in response.text or "This page isn't here" in response.text
    assert "Error 404" not in response.text
    assert '<a class="button" href="/">Go to the course</a>' in response.text


def test_a_server_error_shows_a_calm_page_and_no_traceback(course_db, new_database):
    app = make_app(new_database(course_db), PROPAGATE_EXCEPTIONS=False)

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret internals")

    response = app.test_client().get("/boom")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.text
    assert "secret internals" not in response.text
    assert "Traceback" not in response.text


def test_oversized_request_body_is_refused_with_413(client, learner):
    response = client.post("/modules/case-studies/quiz", data={"x": "a" * (2 * 1024 * 1024)})
    assert response.status_code == 413
    assert "Too much data" in response.text


def test_every_page_has_a_title_a_description_and_a_favicon(client, app):
    for url in ("/", "/modules/role-in-diplomacy", "/auth/login", "/certificates", "/nowhere"):
        html = client.get(url).text
        assert re.search(r"<title>[^<]+ · Peacekeeping &amp; Diplomacy</title>", html), url
        assert re.search(r'<meta name="description" content="[^"]{40,}">', html), url
        assert '<link rel="icon" href="/static/favicon.svg"' in html, url
    with client.get("/static/favicon.svg") as icon:
        assert icon.status_code == 200


def test_lessons_and_forms_describe_themselves(client):
    description = re.compile(r'<meta name="description" content="([^"]+)">')
    found = {
        url: description.search(client.get(url).text)[1]
        for url in ("/", "/modules/role-in-diplomacy", "/modules/case-studies", "/auth/login")
    }
    assert len(set(found.values())) == len(found), found
    assert "Module 1 of 8" in found["/modules/role-in-diplomacy"]
    assert "Case Studies of Successful and Troubled" in found["/modules/case-studies"]


def test_times_are_machine_readable_for_the_readers_time_zone(client, app, learner):
    from tests.helpers import answer_key, submit_quiz

    response, _ = submit_quiz(client, "role-in-diplomacy", answer_key(app, "role-in-diplomacy"))
    html = client.get(response.headers["Location"]).text
    assert re.search(
        r'<time datetime="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00" data-local>[^<]+ UTC</time>', html
    )
