"""Upload a file to a conversation with Slack's three-step upload.

files.getUploadURLExternal gives a URL and a file id, the bytes are POSTed to that URL, and
files.completeUploadExternal shares the file in a channel (or a thread).
"""

from __future__ import annotations

import aiohttp
from slack_sdk.web.async_client import AsyncWebClient

UPLOAD_TIMEOUT = aiohttp.ClientTimeout(total=60)


async def upload(
    client: AsyncWebClient,
    *,
    channel: str,
    filename: str,
    data: bytes,
    title: str | None = None,
    comment: str | None = None,
    thread_ts: str | None = None,
) -> str:
    """Share `data` as a file in `channel` (in a thread when `thread_ts`); returns the file id.
    Raises SlackApiError, aiohttp.ClientError or OSError when Slack does not take it."""
    ticket = await client.files_getUploadURLExternal(filename=filename, length=len(data))
    session = client.session
    owned = session is None
    if session is None:
        session = aiohttp.ClientSession(timeout=UPLOAD_TIMEOUT)
    try:
        async with session.post(str(ticket["upload_url"]), data=data) as response:
            if response.status != 200:
                raise OSError(f"upload answered HTTP {response.status}")
    finally:
        if owned:
            await session.close()
    file_id = str(ticket["file_id"])
    await client.files_completeUploadExternal(
        files=[{"id": file_id, "title": title or filename}],
        channel_id=channel,
        initial_comment=comment,
        thread_ts=thread_ts,
    )
    return file_id
