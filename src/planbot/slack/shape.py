"""Whether an authenticated payload has the shape Slack gives it, before Bolt looks inside.

Bolt's listener matchers index payloads as Slack sends them (`body["actions"][0]
["action_id"]`, `body["event"]["type"]`); a payload with another shape made them raise and
the request end in a 500 and a traceback. Only Slack can sign a request, so such a payload
is a bug or an attack with a stolen secret either way: it gets a 400 and is logged in one
line. The checks cover the fields Bolt and planbot read, nothing more.
"""

from __future__ import annotations

from typing import Any

_Spec = dict[str, tuple[type, ...]]
STR, OPT_STR, DICT, OPT_DICT = (str,), (str, type(None)), (dict,), (dict, type(None))
USERLIKE = (dict, str, type(None))  # Bolt accepts either an object or an id

COMMON: _Spec = {
    "type": OPT_STR,
    "user": USERLIKE,
    "team": USERLIKE,
    "channel": USERLIKE,
    "enterprise": USERLIKE,
    "response_url": OPT_STR,
    "trigger_id": OPT_STR,
    "api_app_id": OPT_STR,
    "container": OPT_DICT,
    "command": OPT_STR,
    "text": OPT_STR,
    "callback_id": OPT_STR,
    "view": DICT,
}
EVENT: _Spec = {
    "type": STR,
    "channel": OPT_STR,
    "user": USERLIKE,
    "text": OPT_STR,
    "ts": OPT_STR,
    "thread_ts": OPT_STR,
    "subtype": OPT_STR,
    "bot_id": OPT_STR,
    "channel_type": OPT_STR,
    "tab": OPT_STR,
    "message": OPT_DICT,
    "previous_message": OPT_DICT,
}
ACTION: _Spec = {"action_id": STR, "block_id": OPT_STR, "value": OPT_STR, "type": OPT_STR}
CONTAINER: _Spec = {
    "message_ts": OPT_STR,
    "channel_id": OPT_STR,
    "thread_ts": OPT_STR,
    "is_ephemeral": (bool, type(None)),
}
VIEW: _Spec = {"callback_id": STR, "type": OPT_STR}


def _mismatch(data: dict[str, Any], spec: _Spec, where: str) -> str | None:
    for key, types in spec.items():
        if key in data and not isinstance(data[key], types):
            return f"{where}{key} is a {type(data[key]).__name__}"
    return None


def _entity(value: Any, where: str) -> str | None:
    """`user`, `channel`, `team` as objects: their `id` must be a string."""
    if isinstance(value, dict) and "id" in value and not isinstance(value["id"], str | type(None)):
        return f"{where}.id is a {type(value['id']).__name__}"
    return None


def shape_problem(body: dict[str, Any]) -> str | None:
    """Why `body` is not shaped like a Slack payload, or None when it is."""
    problem = _mismatch(body, COMMON, "")
    for name in ("user", "team", "channel", "enterprise"):
        problem = problem or _entity(body.get(name), name)
    if problem:
        return problem
    kind = body.get("type")
    if kind == "event_callback":
        event = body.get("event")
        if not isinstance(event, dict) or not isinstance(body.get("event_id", ""), str):
            return "event is not an object, or event_id not a string"
        return _mismatch(event, EVENT, "event.") or _entity(event.get("user"), "event.user")
    if kind in ("block_actions", "interactive_message", "block_suggestion"):
        actions = body.get("actions", [])
        if kind == "block_actions" and (not isinstance(actions, list) or not actions):
            return "actions is not a non-empty list"
        for action in actions if isinstance(actions, list) else [actions]:
            if not isinstance(action, dict) or (kind == "block_actions" and "action_id" not in action):
                return "an action is not an object with an action_id"
            if problem := _mismatch(action, ACTION, "actions[]."):
                return problem
        if kind == "block_suggestion":
            return _mismatch(body, {"action_id": STR, "block_id": OPT_STR}, "")
        return _mismatch(body.get("container") or {}, CONTAINER, "container.")
    if kind in ("view_submission", "view_closed"):
        view = body.get("view")
        return "view is not an object" if not isinstance(view, dict) else _mismatch(view, VIEW, "view.")
    if kind in ("shortcut", "message_action") and not isinstance(body.get("callback_id"), str):
        return "callback_id is not a string"
    return None
