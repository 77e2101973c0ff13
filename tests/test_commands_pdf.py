"""The PDF-or-HTML ending the debrief and handouts commands share."""

from game import commands
from game.report import pdf


def test_without_a_browser_the_html_stays_and_a_line_says_how_to_get_the_pdf(
    tmp_path, monkeypatch, capsys
):
    html = tmp_path / "page.html"
    html.write_text("<p>hello</p>", encoding="utf-8")
    monkeypatch.setattr(pdf, "find_browser", lambda: None)
    assert commands.write_pdf(html, "debrief", no_pdf=False) == commands.OK
    assert capsys.readouterr().out.strip() == pdf.HOW_TO
    assert not html.with_suffix(".pdf").exists()


def test_a_browser_that_fails_is_one_line_and_exit_code_1(tmp_path, monkeypatch, capsys):
    html = tmp_path / "page.html"
    html.write_text("<p>hello</p>", encoding="utf-8")

    def broken(html_path, pdf_path, browser=None):
        raise pdf.PdfError("the browser stopped")

    monkeypatch.setattr(pdf, "find_browser", lambda: "chromium")
    monkeypatch.setattr(pdf, "print_pdf", broken)
    assert commands.write_pdf(html, "handouts", no_pdf=False) == commands.PROBLEMS
    assert capsys.readouterr().err.strip() == "lunar-blocs handouts: no PDF: the browser stopped"


def test_no_pdf_asks_nothing_of_a_browser(tmp_path, monkeypatch, capsys):
    def never():
        raise AssertionError("looked for a browser under --no-pdf")

    monkeypatch.setattr(pdf, "find_browser", never)
    assert commands.write_pdf(tmp_path / "page.html", "debrief", no_pdf=True) == commands.OK
    assert capsys.readouterr().out == ""
