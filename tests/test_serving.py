"""app.py's server (ui.serving) does the one-time work (imports, validation, loading) before it
accepts visitors, into the same caches the pages read."""
import ui.cache
from ui import serving as serve


def test_warm_up_fills_the_caches_the_pages_read(data_copy, monkeypatch):
    monkeypatch.setenv(ui.cache.DATA_DIR_VARIABLE, str(data_copy))
    line = serve.warm_up()
    assert str(data_copy) in line and "atlas loaded" in line

    def must_not_run(*args):
        raise AssertionError("a page would have loaded or validated the dataset again")
    monkeypatch.setattr(ui.cache, "load_atlas", must_not_run)
    monkeypatch.setattr(ui.cache, "find_problems", must_not_run)
    folder = data_copy.resolve()
    assert ui.cache.dataset_problems(folder) == []
    assert len(ui.cache.atlas(folder).years) == 34


def test_warm_up_with_a_broken_dataset_records_the_problems_instead_of_failing(data_copy, monkeypatch):
    (data_copy / "events.csv").write_text("", encoding="utf-8")
    monkeypatch.setenv(ui.cache.DATA_DIR_VARIABLE, str(data_copy))
    line = serve.warm_up()
    assert "problem(s)" in line
    assert ui.cache.dataset_problems(data_copy.resolve())  # the pages will show these


def test_a_failing_warm_up_does_not_keep_the_server_down(monkeypatch, capsys):
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    def broken():
        raise OSError("disk unreadable")
    monkeypatch.setattr(serve, "warm_up", broken)

    async def start():
        async with serve.warmed_up(None):
            return "serving"
    # in a thread of its own: Playwright's sync API may already run an event loop in this one
    with ThreadPoolExecutor(1) as worker:
        assert worker.submit(asyncio.run, start()).result() == "serving"
    assert "warm-up failed (OSError: disk unreadable)" in capsys.readouterr().out
