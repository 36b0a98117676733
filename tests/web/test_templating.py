"""Template helpers: links built once per process are the links Flask would build."""

from flask import render_template_string, url_for

from pkcourse.templating import MAX_REMEMBERED_URLS, remembered_url_for


def test_templates_build_the_links_flask_builds_whatever_the_mount_path(app):
    template = (
        "{{ url_for('courses.lesson', slug=slug) }} {{ url_for('static', filename='css/app.css') }}"
        " {{ url_for('teaching.gradebook', class_id=7, sort='score') }}"
        " {{ url_for('courses.overview', _anchor='top') }}"
    )
    for base_url in ("http://localhost/", "http://localhost/school/", "http://localhost/other/"):
        for slug in ("first", "second", "first"):
            with app.test_request_context("/", base_url=base_url):
                expected = " ".join(
                    [
                        url_for("courses.lesson", slug=slug),
                        url_for("static", filename="css/app.css"),
                        url_for("teaching.gradebook", class_id=7, sort="score"),
                        url_for("courses.overview", _anchor="top"),
                    ]
                )
                assert render_template_string(template, slug=slug) == expected
                assert expected.startswith(base_url.removeprefix("http://localhost") + "modules/")


def test_remembered_links_are_built_once_and_their_store_stays_bounded(app):
    built = []

    def url_for_counted(endpoint, **values):
        built.append(endpoint)
        return url_for(endpoint, **values)

    remembered = remembered_url_for(url_for_counted)
    with app.test_request_context("/"):
        assert remembered("courses.lesson", slug="a") == remembered("courses.lesson", slug="a")
        assert len(built) == 1
        remembered("courses.lesson", slug="a", _external=True)  # options are never remembered
        remembered("courses.lesson", slug="a", _external=True)
        assert len(built) == 3
        for n in range(MAX_REMEMBERED_URLS + 10):  # past the bound, the store starts again
            assert remembered("courses.lesson", slug=f"s{n}") == f"/modules/s{n}"
        assert len(built) == 3 + MAX_REMEMBERED_URLS + 10
        assert remembered("courses.lesson", slug="s1") == "/modules/s1"
        assert len(built) == 3 + MAX_REMEMBERED_URLS + 11  # s1 was dropped with the full store
