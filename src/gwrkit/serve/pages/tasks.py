"""A report's task table (任务分解表) for a supervision office: each task with its
quantified commitments, deadline, lead and participating units, status and progress
note.  Changes need the write token; each is kept with its author and time.  And the
follow-through: each commitment with the result the next year's report states."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Form, Header, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel

from gwrkit import api
from gwrkit.core.schema import TASK_FIELDS, TASK_STATUSES
from gwrkit.serve.pages.writes import bearer, check_token
from gwrkit.serve.params import Id
from gwrkit.serve.respond import db, respond, server

router = APIRouter()


@router.get("/api/reports/{rid}/tasks", tags=["tasks"])
@router.get("/reports/{rid}/tasks", include_in_schema=False)
def tasks(request: Request, rid: Id) -> Response:
    """A report's task table and every change made to it (the units are draft
    suggestions where `suggested` is true)."""
    store = db(request)
    data = {"tasks": api.task_table(rid, store), "history": api.task_history(rid, store)}
    report = api.report_detail(rid, store).report
    return respond(request, "tasks.html", data, rid=rid, report=report,
                   statuses=TASK_STATUSES, writable=bool(server(request).write_token))  # fmt: skip


@router.get("/api/reports/{rid}/followup", tags=["tasks"])
@router.get("/reports/{rid}/followup", include_in_schema=False)
def followup(request: Request, rid: Id) -> Response:
    """A report's quantified commitments with the results its region's report of the
    next year states and a verdict (met, exceeded, short, no_number, not_reported); each
    commitment and each result links to its sentence."""
    return respond(request, "followup.html", {"followup": api.report_followup(rid, db(request))})


class TaskChange(BaseModel):
    field: str
    value: str
    author: str


@router.post("/api/reports/{rid}/tasks/{task_id:path}", tags=["tasks"])
def change_task(
    request: Request,
    rid: Id,
    task_id: str,
    change: TaskChange,
    authorization: Annotated[str | None, Header()] = None,
) -> dict[str, str]:
    """Set one field of a task (lead_unit, participants, deadline, status, progress);
    needs `Authorization: Bearer <write token>`."""
    check_token(request, bearer(authorization))
    done = api.edit_task(rid, task_id, change.field, change.value, change.author, db(request))
    return {"task_id": done.task_id, "field": done.field, "value": done.value, "at": done.at}


@router.post("/reports/{rid}/tasks", include_in_schema=False)
def change_task_form(
    request: Request,
    rid: Id,
    task_id: Annotated[str, Form()],
    author: Annotated[str, Form()],
    token: Annotated[str, Form()] = "",
    lead_unit: Annotated[str | None, Form()] = None,
    participants: Annotated[str | None, Form()] = None,
    deadline: Annotated[str | None, Form()] = None,
    status: Annotated[str | None, Form()] = None,
    progress: Annotated[str | None, Form()] = None,
) -> RedirectResponse:
    check_token(request, token)  # the token in the form is what makes it safe against CSRF
    given = {"lead_unit": lead_unit, "participants": participants, "deadline": deadline,
             "status": status, "progress": progress}  # fmt: skip
    current = {t.task_id: t for t in api.task_table(rid, db(request))}.get(task_id)
    for field in TASK_FIELDS:
        value = given[field]
        if value is None or current is None:
            continue
        old = getattr(current, field)
        if (old or "") != value:
            api.edit_task(rid, task_id, field, value, author, db(request))
    return RedirectResponse(f"/reports/{rid}/tasks#t-{current.number if current else ''}",
                            status_code=303)  # fmt: skip


@router.get("/api/reports/{rid}/tasks.xlsx", tags=["tasks"])
@router.get("/reports/{rid}/tasks.xlsx", include_in_schema=False)
def tasks_xlsx(request: Request, rid: Id) -> Response:
    """The task table as Excel in the conventional layout, the changes on a second sheet."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "tasks.xlsx"
        api.export_tasks(rid, "xlsx", out, db(request))
        body = out.read_bytes()
    kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    headers = {"Content-Disposition": f'attachment; filename="tasks-{rid}.xlsx"'}
    return Response(body, media_type=kind, headers=headers)
