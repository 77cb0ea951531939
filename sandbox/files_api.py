"""Slack's three-step file upload: files.getUploadURLExternal hands out an upload URL and a file
id, the app POSTs the bytes there, files.completeUploadExternal shares the file in a channel.

Speaks the public protocol only; tests read what was shared with `shared_files(fake)`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from weakref import WeakKeyDictionary

from aiohttp import web

from sandbox import ids
from sandbox.blockkit import SlackError
from sandbox.workspace import Workspace

UPLOAD_PATH = "/upload/v1/{file_id}"
MAX_BYTES = 1_000_000_000  # Slack's limit for one file


@dataclass
class SharedFile:
    """A file as the workspace holds it: its bytes once uploaded, its channel once shared."""

    id: str
    name: str
    length: int
    content: bytes | None = None
    title: str | None = None
    channel: str | None = None
    comment: str | None = None

    def to_api(self) -> dict[str, Any]:
        """The file object Slack returns."""
        return {
            "id": self.id,
            "name": self.name,
            "title": self.title or self.name,
            "size": len(self.content or b""),
            "filetype": self.name.rsplit(".", 1)[-1] if "." in self.name else "",
        }


_FILES: WeakKeyDictionary[Workspace, dict[str, SharedFile]] = WeakKeyDictionary()


def _files(ws: Workspace) -> dict[str, SharedFile]:
    return _FILES.setdefault(ws, {})


def shared_file(ws: Workspace, file_id: str) -> SharedFile | None:
    """One shared file by id (None if unknown or not shared anywhere)."""
    found = _files(ws).get(file_id)
    return found if found is not None and found.channel else None


def shared_files(ws: Workspace, channel: str | None = None) -> list[SharedFile]:
    """Files shared so far (in one channel, or anywhere), oldest first."""
    return [f for f in _files(ws).values() if f.channel and channel in (None, f.channel)]


def get_upload_url_external(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    """files.getUploadURLExternal: a one-file upload URL for `filename` of `length` bytes."""
    name = str(args.get("filename") or "").strip()
    try:
        length = int(str(args.get("length", "")))
    except ValueError:
        length = 0
    if not name:
        raise SlackError("invalid_arguments", ("missing required field: filename",))
    if not 0 < length <= MAX_BYTES:
        raise SlackError("invalid_arguments", ("length must be a positive number of bytes",))
    file_id = ids.random_id("F")
    _files(ws)[file_id] = SharedFile(file_id, name, length)
    base = str(getattr(ws, "url", "http://127.0.0.1"))
    return {
        "ok": True,
        "upload_url": base + UPLOAD_PATH.format(file_id=file_id),
        "file_id": file_id,
    }


def complete_upload_external(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    """files.completeUploadExternal: finish uploads and share them in `channel_id` (if given)."""
    raw = args.get("files")
    try:
        items = json.loads(raw) if isinstance(raw, str) else raw
    except json.JSONDecodeError:
        items = None
    if not isinstance(items, list) or not items or not all(isinstance(i, dict) for i in items):
        raise SlackError("invalid_arguments", ("files must be a JSON list of {id, title}",))
    found = []
    for item in items:
        stored = _files(ws).get(str(item.get("id")))
        if stored is None or stored.content is None:
            raise SlackError("file_not_found")
        found.append((stored, item.get("title")))
    channel = ws.resolve_channel(args["channel_id"]) if args.get("channel_id") else None
    comment = str(args.get("initial_comment") or "") or None
    for stored, title in found:
        stored.title = str(title) if title else stored.name
        stored.channel, stored.comment = channel, comment
    if channel is not None:
        ws.add_message(channel, {"text": comment or "", "files": [f.to_api() for f, _ in found]})
    return {"ok": True, "files": [f.to_api() for f, _ in found]}


def add_routes(app: web.Application, ws: Workspace) -> None:
    """Serve the upload URLs that files.getUploadURLExternal hands out."""

    async def upload(request: web.Request) -> web.Response:
        stored = _files(ws).get(request.match_info["file_id"])
        if stored is None:
            return web.Response(status=404, text="file not found")
        if request.content_type.startswith("multipart/"):
            form = await request.post()
            fields = [v for v in form.values() if isinstance(v, web.FileField)]
            data = fields[0].file.read() if fields else b""
        else:
            data = await request.read()
        if len(data) != stored.length:
            return web.Response(status=400, text=f"length {len(data)} is not {stored.length}")
        stored.content = data
        ws.touch()
        return web.Response(text=f"OK - {len(data)}")

    app.router.add_post(UPLOAD_PATH, upload)


FILES_METHODS = {
    "files.getUploadURLExternal": get_upload_url_external,
    "files.completeUploadExternal": complete_upload_external,
}
