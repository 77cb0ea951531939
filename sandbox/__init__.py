"""A local stand-in for Slack that speaks only its public protocol (Web API, HTTP, Socket Mode)."""

from sandbox.blockkit import SlackError
from sandbox.delivery import PageDriver
from sandbox.driver import Delivery, SlackDriver
from sandbox.holds import Hold
from sandbox.slack_api import FakeSlack, create_app
from sandbox.socket_mode import SocketAck
from sandbox.ui import SandboxPage
from sandbox.users import SlackUser
from sandbox.workspace import RecordedCall

__all__ = [
    "Delivery",
    "FakeSlack",
    "Hold",
    "PageDriver",
    "RecordedCall",
    "SandboxPage",
    "SlackDriver",
    "SlackError",
    "SlackUser",
    "SocketAck",
    "create_app",
]
