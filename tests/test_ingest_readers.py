"""HTML, feed and JSONL readers: table tests on texts written for these tests, and the bundled sample."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from khabar.ingest import read
from khabar.ingest.article import content_id, detect_language
from khabar.ingest.feed import html_to_paragraphs
from khabar.ingest.jsonl import paragraph_blocks
from khabar.records import Article, Reject

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample"

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title} - Example Times</title>
<meta property="og:title" content="{title}"><meta property="og:site_name" content="Example Times">
<meta name="author" content="Nadia Karimi"><meta property="article:published_time" content="2024-10-02T08:00:00Z">
<link rel="canonical" href="https://times.example.com/news/{slug}"></head><body>
<nav><a href="/">Home</a><a href="/world">World</a></nav><article><h1>{title}</h1>{body}</article>
<footer><p>Example Times. All rights reserved.</p></footer></body></html>"""
PARAS = [
    "The prime minister dissolved parliament on Wednesday and called an early election for December.",
    "Opposition parties said the move was unconstitutional and vowed to challenge it in court.",
    "The electoral commission said it would publish the official calendar within a week.",
]


def page(title="Prime Minister Dissolves Parliament", slug="dissolves", paras=PARAS) -> str:
    return PAGE.format(title=title, slug=slug, body="".join(f"<p>{p}</p>" for p in paras))


def only(items):
    (item,) = list(items)
    return item


# ---------------------------------------------------------------- HTML


def test_html_page(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(page(), encoding="utf-8")
    a = only(read([path]))
    assert isinstance(a, Article), a
    assert a.title == "Prime Minister Dissolves Parliament"
    assert a.paragraphs == PARAS
    assert (a.published, a.date_precision, a.date_source) == ("2024-10-02", "day", "metadata")
    assert a.author == "Nadia Karimi" and a.source == "Example Times"
    assert a.url == "https://times.example.com/news/dissolves"
    assert "Home" not in a.text and "rights reserved" not in a.text
    assert a.blocks[0].kind == "title" and a.origin.reader == "html"


def test_html_gz_and_folder(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.html.gz").write_bytes(gzip.compress(page().encode()))
    (tmp_path / "a" / "two.htm").write_text(page("Army Chief Sacked", "sacked"), encoding="utf-8")
    got = list(read([tmp_path]))
    assert [a.title for a in got] == ["Prime Minister Dissolves Parliament", "Army Chief Sacked"]


@pytest.mark.parametrize(
    "html",
    [
        "<html><body><div><p>Menu</p></div></body></html>",  # nothing that is an article
        "<html><head><title>x</title></head><body><div><<<>>></body>",  # broken markup
    ],
)
def test_html_without_article_is_rejected(tmp_path, html):
    path = tmp_path / "bad.html"
    path.write_text(html, encoding="utf-8")
    r = only(read([path]))
    assert isinstance(r, Reject) and r.code == "K107" and r.origin.path == str(path)


def test_broken_but_readable_html(tmp_path):
    html = page().replace("</article>", "").replace("</body></html>", "")  # unclosed tags
    path = tmp_path / "unclosed.html"
    path.write_text(html, encoding="utf-8")
    a = only(read([path]))
    assert isinstance(a, Article) and a.paragraphs[:3] == PARAS


# ---------------------------------------------------------------- feeds

RSS = """<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Test Wire</title>
<item><title>Envoy Recalled</title><link>https://wire.example/1</link><guid>g-1</guid>
<pubDate>Fri, 07 Mar 2025 10:00:00 GMT</pubDate>
<description>&lt;p&gt;The government recalled its envoy.&lt;/p&gt;&lt;p&gt;It cited &lt;b&gt;insults&lt;/b&gt;.&lt;/p&gt;</description></item>
<item><title>Empty Entry</title><link>https://wire.example/2</link><description>&lt;img src="x.png"/&gt;</description></item>
<item><title>Plain Entry</title><description>Talks resumed in Doha.</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Desk</title>
<entry><title>Strike Halts Ports</title><id>urn:a:1</id><updated>2024-12-01T12:00:00Z</updated>
<link href="https://desk.example/strike"/><author><name>Lee Park</name></author>
<content type="html">&lt;p&gt;Dock workers walked out.&lt;/p&gt;&lt;ul&gt;&lt;li&gt;Three ports shut.&lt;/li&gt;&lt;/ul&gt;</content></entry>
</feed>"""


def test_rss_entries(tmp_path):
    path = tmp_path / "wire.rss"
    path.write_text(RSS, encoding="utf-8")
    first, empty, plain = list(read([path]))
    assert isinstance(first, Article)
    assert first.title == "Envoy Recalled" and first.paragraphs == ["The government recalled its envoy.", "It cited insults."]
    assert (first.published, first.date_source, first.source) == ("2025-03-07", "metadata", "Test Wire")
    assert (first.url, first.external_id, first.origin.position) == ("https://wire.example/1", "g-1", 1)
    assert isinstance(empty, Reject) and empty.code == "K111" and empty.origin.position == 2
    assert isinstance(plain, Article) and plain.paragraphs == ["Talks resumed in Doha."] and plain.published is None


def test_atom_entry_sniffed_without_extension(tmp_path):
    path = tmp_path / "desk"
    path.write_text(ATOM, encoding="utf-8")
    a = only(read([path]))
    assert a.title == "Strike Halts Ports" and a.author == "Lee Park" and a.published == "2024-12-01"
    assert a.paragraphs == ["Dock workers walked out.", "Three ports shut."]


def test_bad_feed(tmp_path):
    path = tmp_path / "broken.xml"
    path.write_text('<?xml version="1.0"?><rss><channel><title>x</title><item><title>unterminated', encoding="utf-8")
    r = only(read([path]))
    assert isinstance(r, Reject) and r.code in ("K108", "K111")


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [("<p>One.</p><p>Two &amp; three.</p>", ["One.", "Two & three."]), ("a<br>b", ["a", "b"]),
     ("<script>x()</script><p>Kept</p>", ["Kept"]), ("plain\n\ntext", ["plain", "text"])],
)  # fmt: skip
def test_html_to_paragraphs(fragment, expected):
    assert html_to_paragraphs(fragment) == expected


# ---------------------------------------------------------------- JSONL

TEXT = "  First paragraph, with  two spaces.\r\n\r\nSecond “quoted” paragraph.\n\n\n Third.\n"


def test_jsonl_text_byte_for_byte(tmp_path):
    path = tmp_path / "in.jsonl"
    record = {"id": 7, "text": TEXT, "title": "T", "published": "2025-01", "url": "u", "source": "S"}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    a = only(read([path]))
    assert a.text == TEXT and a.external_id == "7"
    assert a.paragraphs == ["First paragraph, with  two spaces.", "Second “quoted” paragraph.", "Third."]
    assert (a.published, a.date_precision, a.source, a.url, a.title) == ("2025-01", "month", "S", "u", "T")


def test_jsonl_bad_lines_are_rejected_and_the_rest_read(tmp_path):
    lines = [
        json.dumps({"id": "a", "text": "Good one."}),
        "{not json",
        json.dumps({"id": "b"}),
        json.dumps(["a", "list"]),
        "",
        json.dumps({"id": "c", "text": "Good two.", "title": 5}),
        json.dumps({"id": "d", "text": "   "}),
        json.dumps({"id": "e", "text": "Good three."}),
    ]
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    got = [(x.origin.position, x.code if isinstance(x, Reject) else x.external_id) for x in read([path])]
    assert got == [(1, "a"), (2, "K109"), (3, "K110"), (4, "K110"), (6, "K110"), (7, "K111"), (8, "e")]


def test_jsonl_oversized_line(tmp_path):
    path = tmp_path / "big.jsonl"
    big = json.dumps({"id": "big", "text": "x" * 5000})
    path.write_text("\n".join([json.dumps({"id": "s", "text": "small"}), big, json.dumps({"id": "t", "text": "tiny"})]))
    got = [(x.origin.position, getattr(x, "code", None) or x.external_id) for x in read([path], max_bytes=1000)]
    assert got == [(1, "s"), (2, "K104"), (3, "t")]


def test_json_array(tmp_path):
    path = tmp_path / "arr.json"
    path.write_text(json.dumps([{"id": 1, "text": "One."}, {"text": "no id"}]), encoding="utf-8")
    a, r = list(read([path]))
    assert a.text == "One." and r.code == "K110" and r.origin.position == 2


@pytest.mark.parametrize(
    ("text", "spans"),
    [("a\n\nb", ["a", "b"]), ("  a  \n \n b c ", ["a", "b c"]), ("one\nline", ["one\nline"]), ("", [])],
)
def test_paragraph_blocks(text, spans):
    assert [text[b.start : b.end] for b in paragraph_blocks(text)] == spans


# ---------------------------------------------------------------- ids, language, sample


def test_same_article_same_id_across_shapes(tmp_path):
    title, paras = "Militia Releases Hostages", ["The militia freed four hostages.", "Mediators said talks went on."]
    (tmp_path / "a.jsonl").write_text(json.dumps({"id": "x", "title": title, "text": "\n\n".join(paras)}) + "\n")
    dump = f"{title}\n\n{title}\nTT\n\n" + "\n\n".join(paras) + "\n"
    (tmp_path / "b.txt").write_text(dump)
    (tmp_path / "c.html").write_text(page(title, "hostages", paras))
    arts = list(read([tmp_path]))
    assert [a.origin.reader for a in arts] == ["jsonl", "dump", "html"]
    assert len({a.id for a in arts}) == 1
    assert content_id(title, "other text") != arts[0].id


@pytest.mark.parametrize(
    ("text", "lang"),
    [("The minister said on Tuesday that the talks with the rebels were over.", "en"),
     ("Le ministre a déclaré que les négociations avec les rebelles sont terminées pour le moment.", "fr"),
     ("El ministro dijo que las negociaciones con los rebeldes han terminado por ahora.", "es"),
     ("Der Minister sagte, dass die Gespräche mit den Rebellen beendet sind und nicht weitergehen.", "de"),
     ("قال وزير الخارجية إن المحادثات مع المتمردين انتهت يوم الثلاثاء", "ar"),
     ("Министр заявил, что переговоры с повстанцами завершены", "ru"), ("Hi", None)],
)  # fmt: skip
def test_language(text, lang):
    assert detect_language(text) == lang


def test_sample_folder():
    got = list(read([SAMPLE]))
    assert not [r for r in got if isinstance(r, Reject)]
    readers = [a.origin.reader for a in got]
    assert readers.count("dump") == 4 and readers.count("feed") == 2 and readers.count("jsonl") == 2
    assert readers.count("html") == 1
    assert len({a.id for a in got}) == len(got)


def test_html_declared_charset(tmp_path):
    html = page("Pr\u00e9sident Dissolves Parliament", "d").replace('charset="utf-8"', 'charset="iso-8859-1"')
    path = tmp_path / "latin.html"
    path.write_bytes(html.encode("iso-8859-1"))
    a = only(read([path]))
    assert a.title == "Pr\u00e9sident Dissolves Parliament"
