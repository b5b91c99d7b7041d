"""The writer: writes only what changed, removes what is gone, never touches other files."""

from __future__ import annotations

import pytest

from build_scripts.problems import OutputError
from build_scripts.writer import MANIFEST, write_pages


def test_writes_changed_files_only_and_removes_stale_ones(tmp_path):
    out = tmp_path / "out"
    first = write_pages({"a/index.md": b"A", "b/index.md": b"B", "c/x.txt": b"X"}, out)
    assert first.written == ("a/index.md", "b/index.md", "c/x.txt")
    stamp = (out / "a/index.md").stat().st_mtime_ns
    second = write_pages({"a/index.md": b"A", "b/index.md": b"B2"}, out)
    assert (second.written, second.unchanged, second.removed) == (("b/index.md",), ("a/index.md",), ("c/x.txt",))
    assert (out / "a/index.md").stat().st_mtime_ns == stamp
    assert not (out / "c").exists()  # emptied folders go too
    assert (out / MANIFEST).read_text() == "a/index.md\nb/index.md\n"


def test_refuses_a_folder_it_did_not_write(tmp_path):
    out = tmp_path / "docs"
    out.mkdir()
    (out / "index.md").write_text("hand-written")
    with pytest.raises(OutputError, match="is not empty and was not written by build_scripts"):
        write_pages({"index.md": b"generated"}, out)
    assert (out / "index.md").read_text() == "hand-written"


def test_never_overwrites_a_file_it_did_not_write(tmp_path):
    out = tmp_path / "out"
    write_pages({"a.md": b"A"}, out)
    (out / "mine.md").write_text("someone else's")
    with pytest.raises(OutputError, match="mine.md exists and was not written by build_scripts"):
        write_pages({"a.md": b"A", "mine.md": b"generated"}, out)
    assert (out / "mine.md").read_text() == "someone else's"
    write_pages({}, out)
    assert (out / "mine.md").exists() and not (out / "a.md").exists()


def test_refuses_paths_outside_the_folder(tmp_path):
    with pytest.raises(OutputError, match="refusing to write outside"):
        write_pages({"../escape.md": b"x"}, tmp_path / "out")
    assert not (tmp_path / "escape.md").exists()


def test_a_refused_path_leaves_the_previous_output_and_manifest_intact(tmp_path):
    out = tmp_path / "out"
    write_pages({"a.md": b"A", "b.md": b"B"}, out)
    (out / "z.md").write_text("someone else's")  # sorts after the files that would change
    with pytest.raises(OutputError, match="z.md exists and was not written by build_scripts"):
        write_pages({"a.md": b"A2", "b.md": b"B2", "z.md": b"Z"}, out)
    assert (out / "a.md").read_bytes() == b"A" and (out / "b.md").read_bytes() == b"B"
    assert (out / MANIFEST).read_text() == "a.md\nb.md\n"
    assert write_pages({"a.md": b"A2", "b.md": b"B"}, out).written == ("a.md",)  # the next build is not refused


def test_a_failed_write_changes_nothing_and_leaves_no_temporary_file(tmp_path, monkeypatch):
    out = tmp_path / "out"
    write_pages({"a.md": b"A", "b.md": b"B"}, out)
    real = type(out).write_bytes

    def failing(self, data):
        if "b.md" in self.name:
            raise OSError(28, "No space left on device", str(self))
        return real(self, data)

    monkeypatch.setattr(type(out), "write_bytes", failing)
    with pytest.raises(OutputError, match=r"cannot write .*b\.md.*: No space left on device; nothing was changed"):
        write_pages({"a.md": b"A2", "b.md": b"B2"}, out)
    monkeypatch.undo()
    assert sorted(p.name for p in out.iterdir()) == [MANIFEST, "a.md", "b.md"]
    assert (out / "a.md").read_bytes() == b"A"


def test_refuses_a_generated_path_under_a_file_or_onto_a_folder(tmp_path):
    out = tmp_path / "out"
    write_pages({"a": b"file"}, out)
    with pytest.raises(OutputError, match="is a file, but generated files go inside it"):
        write_pages({"a/index.md": b"x"}, out)
    (out / "folder").mkdir()
    with pytest.raises(OutputError, match="is a folder, but a generated file has that path"):
        write_pages({"a": b"file", "folder": b"x"}, out)
    assert (out / "a").read_bytes() == b"file"


class _Stream(dict):
    """Files handed over one by one, as render.Pages streams them; `fail` raises after they run out."""

    def __init__(self, files, fail=None):
        super().__init__(files)
        self.fail = fail
        self.taken: list[str] = []

    def stream(self):
        for rel, content in self.items():
            self.taken.append(rel)
            yield rel, content
        if self.fail:
            raise self.fail


def test_a_stream_is_written_as_it_comes(tmp_path):
    out = tmp_path / "out"
    files = _Stream({"z/index.md": b"Z", "a.md": b"A"})
    report = write_pages(files, out)
    assert files.taken == ["z/index.md", "a.md"]  # taken in the order produced
    assert report.written == ("a.md", "z/index.md") and (out / MANIFEST).read_text() == "a.md\nz/index.md\n"
    again = write_pages(_Stream({"a.md": b"A", "b.md": b"B"}), out)
    assert (again.written, again.unchanged, again.removed) == (("b.md",), ("a.md",), ("z/index.md",))


def test_a_stream_that_fails_half_way_changes_nothing(tmp_path):
    out = tmp_path / "out"
    write_pages({"a.md": b"A"}, out)
    with pytest.raises(RuntimeError, match="render failed"):
        write_pages(_Stream({"a.md": b"A2", "new/deep/b.md": b"B"}, RuntimeError("render failed")), out)
    assert sorted(p.name for p in out.iterdir()) == [MANIFEST, "a.md"]  # no temporary file, no new folder
    assert (out / "a.md").read_bytes() == b"A"
    (out / "mine.md").write_text("someone else's")
    with pytest.raises(OutputError, match="mine.md exists and was not written by build_scripts"):
        write_pages(_Stream({"x/a.md": b"A2", "mine.md": b"generated"}), out)
    assert sorted(p.name for p in out.iterdir()) == [MANIFEST, "a.md", "mine.md"]
    assert (out / "mine.md").read_text() == "someone else's" and (out / MANIFEST).read_text() == "a.md\n"


def test_a_new_folder_is_written_without_looking_at_each_target_and_an_old_one_with(tmp_path, monkeypatch):
    """In a folder made by this run there is nothing but what the run writes: its targets are not
    looked at (a few hundred microseconds each on a busy disk, thousands of pages); in an
    existing output every target is, and the checks still refuse what they must."""
    from pathlib import Path

    looked: list[Path] = []
    real = Path.stat

    def stat(self, *args, **kwargs):
        looked.append(self)
        return real(self, *args, **kwargs)

    files = {f"sources/s{i:03d}/{name}": f"{i}{name}".encode() for i in range(40) for name in ("index.md", "c.txt")}
    files["index.md"] = b"home"
    out = tmp_path / "site" / "out"
    monkeypatch.setattr(Path, "stat", stat)
    assert len(write_pages(files, out).written) == 81
    # the manifest, and the first target (before the run made the output folder): no other
    # target, nor a folder inside the output
    assert [p.name for p in looked if out in p.parents] == [".dossier-pages", "index.md"]
    looked.clear()
    files["sources/s001/index.md"] = b"changed"
    again = write_pages(files, out)
    assert again.written == ("sources/s001/index.md",) and len(again.unchanged) == 80
    assert {p for p in looked if p.name in ("index.md", "c.txt")} == {out / rel for rel in files}
    (out / "sources" / "s041").write_text("a file where a folder goes")
    (out / "sources" / "s041").chmod(0o644)
    with pytest.raises(OutputError, match="is a file, but generated files go inside it"):
        write_pages({**files, "sources/s041/index.md": b"x"}, out)
