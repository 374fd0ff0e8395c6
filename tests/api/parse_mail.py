#!/usr/bin/python3
"""Reads every message in a Maildir (as Debian's python3-aiosmtpd Mailbox handler writes it) with the
standard library's email package and prints a JSON array, one object per message:

  file, envelope_from, envelope_to (the SMTP envelope, from the X-MailFrom/X-RcptTo headers the sink adds),
  subject, from, to (decoded header text), from_addresses, to_addresses (bare addresses), message_id,
  content_type, params (of the top-level Content-Type), is_multipart,
  parts: [{content_type, params, transfer_encoding, charset, content (decoded text), problems}],
  text (the first text/plain part, decoded), calendar (the first text/calendar part, decoded),
  defects (what the parser complained about).

Used by tests/api/mail_api_test.cpp under /usr/bin/python3:  parse_mail.py MAILDIR
"""
import email
import email.policy
import json
import os
import sys
from email.utils import getaddresses


def addresses(values):
    return [addr for _, addr in getaddresses([str(v) for v in values]) if addr]


def read(path):
    with open(path, "rb") as f:
        msg = email.message_from_binary_file(f, policy=email.policy.default)
    out = {
        "file": os.path.basename(path),
        "envelope_from": str(msg.get("X-MailFrom", "")),
        "envelope_to": [a.strip() for a in str(msg.get("X-RcptTo", "")).split(",") if a.strip()],
        "subject": str(msg.get("Subject", "")),
        "from": str(msg.get("From", "")),
        "to": str(msg.get("To", "")),
        "from_addresses": addresses(msg.get_all("From", [])),
        "to_addresses": addresses(msg.get_all("To", [])),
        "message_id": str(msg.get("Message-ID", "")),
        "content_type": msg.get_content_type(),
        "params": {k.lower(): v for k, v in msg["Content-Type"].params.items()} if msg["Content-Type"] else {},
        "is_multipart": msg.is_multipart(),
        "parts": [],
        "text": None,
        "calendar": None,
        "defects": [type(d).__name__ for d in msg.defects],
    }
    leaves = list(msg.iter_parts()) if msg.is_multipart() else [msg]
    for part in leaves:
        entry = {
            "content_type": part.get_content_type(),
            "params": {k.lower(): v for k, v in part["Content-Type"].params.items()} if part["Content-Type"] else {},
            "transfer_encoding": part.get("Content-Transfer-Encoding", "").lower(),
            "charset": part.get_content_charset(),
            "content": None,
            "problems": [type(d).__name__ for d in part.defects],
        }
        try:
            content = part.get_content()
            entry["content"] = content if isinstance(content, str) else content.decode("utf-8")
        except Exception as e:  # noqa: BLE001 - reported, the test fails on it
            entry["problems"].append("cannot decode: %s" % e)
        out["parts"].append(entry)
        if entry["content_type"] == "text/plain" and out["text"] is None:
            out["text"] = entry["content"]
        if entry["content_type"] == "text/calendar" and out["calendar"] is None:
            out["calendar"] = entry["content"]
    return out


def main():
    if len(sys.argv) != 2:
        print("usage: parse_mail.py MAILDIR", file=sys.stderr)
        return 2
    box = sys.argv[1]
    files = []
    for sub in ("new", "cur"):
        d = os.path.join(box, sub)
        if os.path.isdir(d):
            files.extend(os.path.join(d, name) for name in os.listdir(d) if not name.startswith("."))
    messages = []
    for path in sorted(files):
        try:
            messages.append(read(path))
        except Exception as e:  # noqa: BLE001
            messages.append({"file": os.path.basename(path), "error": str(e)})
    json.dump(messages, sys.stdout, ensure_ascii=False)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
