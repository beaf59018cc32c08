# The seed's approach (/work/shared/seed/video-sdk-demo.md), as bench/backends'
# reference: a Flask route that looks the room up on SignalWire, creates it if
# missing, asks for a room token and renders the page. Fairer to it than the
# seed itself: one keep-alive requests.Session per worker (the seed opens a
# new connection per call) and today's field names.
#
#   SIGNALWIRE_PROJECT_KEY, SIGNALWIRE_TOKEN, SIGNALWIRE_SPACE   as for rolecall
#   SEED_BASE_URL   default https://<space> (the bench points it at the fake)
#   SEED_CA_FILE    a CA to trust instead of the system's
import os
import random

import requests
from flask import Flask, render_template, request

SPACE = os.environ["SIGNALWIRE_SPACE"]
BASE = os.environ.get("SEED_BASE_URL", "https://" + SPACE) + "/api/video/"
GUEST = ["room.self.audio_mute", "room.self.audio_unmute",
         "room.self.video_mute", "room.self.video_unmute"]

app = Flask(__name__)
session = requests.Session()  # per worker: gunicorn imports this in each one
session.auth = (os.environ["SIGNALWIRE_PROJECT_KEY"], os.environ["SIGNALWIRE_TOKEN"])
session.verify = os.environ.get("SEED_CA_FILE", True)
session.trust_env = False  # no proxy or CA bundle from the environment: straight to the API


def handle_http(method, endpoint, payload=None):
    reply = session.request(method, BASE + endpoint, json=payload, timeout=5)
    if reply.status_code >= 500 or reply.status_code in (401, 403):
        reply.raise_for_status()
    return reply


def ensure_room(room):
    if handle_http("GET", "rooms/" + room).status_code == 404:
        handle_http("POST", "rooms", {"name": room, "display_name": room, "max_members": 5})


@app.route("/guest")
def guest():
    room = request.args.get("room", "Main_Office")
    user = request.args.get("user") or "user_" + str(random.randint(1111, 9999))
    ensure_room(room)
    token = handle_http("POST", "room_tokens",
                        {"room_name": room, "user_name": user, "permissions": GUEST}).json()["token"]
    return render_template("guest.html", room=room, user=user, token=token, space=SPACE,
                           userType="Regular User")
