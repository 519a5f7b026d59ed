"""A small collection for the web tests: the samples, four corpus reports, and a report
whose text and file name carry script and markup that must never run."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import uvicorn
from fastapi import FastAPI

from gwrkit import api

from .conftest import SAMPLES, require_corpus

HOSTILE_TEXT = """政府工作报告
——2025年1月10日在赤县第一届人民代表大会第一次会议上
县长 王五
各位代表:
一、2024年工作回顾
过去一年,全县地区生产总值增长5.1%<script>alert("xss-text")</script>,一般公共预算收入增长3%。
城镇新增就业1200人"><img src=x onerror=alert("xss-img")>,
详见<a href="javascript:alert('xss-link')">附件</a>。
二、2025年工作安排
今年经济社会发展的主要预期目标是:地区生产总值增长5%左右<script>alert(1)</script>,城镇新增就业1000人以上。
"""
HOSTILE_NAME = 'evil"><script>alert(9)<script>_2025.txt'
# a scraped copy without its opening lines: neither year nor region can be found
NO_METADATA_TEXT = """各位代表:
现在,我代表市人民政府,向大会报告工作,请予审议。
一、过去一年工作回顾
过去一年,地区生产总值增长5.2%,一般公共预算收入增长3%。
二、今年工作安排
今年经济社会发展的主要预期目标是:地区生产总值增长5%左右,一般公共预算收入增长3%。
"""
NO_METADATA_NAME = "scraped_copy.txt"
CORPUS_REPORTS = ("national/china_2024", "national/china_2025", "province/qinghai_2025",
                  "province/qinghai_2026")  # fmt: skip


def build_web_db(folder: Path) -> Path:
    db = folder / "web.db"
    hostile = folder / HOSTILE_NAME
    hostile.write_text(HOSTILE_TEXT, encoding="utf-8")
    unknown = folder / NO_METADATA_NAME
    unknown.write_text(NO_METADATA_TEXT, encoding="utf-8")
    corpus = require_corpus()
    paths = [SAMPLES, hostile, unknown, *(corpus / f"{name}.txt" for name in CORPUS_REPORTS)]
    summary = api.ingest(paths, db, workers=1)
    assert summary.failed == 0, summary.failures
    return db


def serve_in_thread(app: FastAPI) -> Iterator[str]:
    """Run ``app`` on a free local port in a thread; yield its address, stop it after."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)
