// "Copy invite link" in the participants panel of a page whose role may hand
// out invite links (roles with auth = link): asks the server for a new link
// (POST /api/invite, with the login the page was opened with), shows it in a
// read-only field and copies it where the browser allows.
import { config } from "./config.js";
import { REQUEST_TIMEOUT_MS } from "./retry.js";

function inviteLinks() {
  const invite = config.invite;
  const button = document.getElementById("invite-copy");
  if (!invite || !button || !invite.roles || !invite.roles.length) return;
  const choice = document.getElementById("invite-choice");
  const select = document.getElementById("invite-role");
  const field = document.getElementById("invite-link");
  const note = document.getElementById("invite-note");

  for (const role of invite.roles) {
    const option = document.createElement("option");
    option.value = role.name;
    option.textContent = role.label || role.name;
    select.appendChild(option);
  }
  choice.hidden = invite.roles.length < 2; // one role: nothing to choose

  const until = (iso) => {
    const when = new Date(iso);
    return isNaN(when) ? iso : when.toLocaleString([], { dateStyle: "medium", timeStyle: "short" });
  };

  async function copy(text) {
    if (!navigator.clipboard || !window.isSecureContext) return false;
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      return false; // refused (no permission, page not focused): the field still has it
    }
  }

  button.addEventListener("click", async () => {
    button.disabled = true;
    note.textContent = "Making a link…";
    try {
      const query = new URLSearchParams({ as: config.role, role: select.value, room: config.room });
      const response = await fetch(invite.endpoint + "?" + query, {
        method: "POST", credentials: "same-origin", headers: { Accept: "application/json" },
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      const body = await response.json().catch(() => ({}));
      if (!response.ok || !body.url) {
        throw new Error((body.error && body.error.message) || "the server answered " + response.status);
      }
      const url = new URL(body.url, location.href).href; // a path when server.public_url is unset
      field.value = url;
      field.hidden = false;
      field.dataset.inviteId = body.id;
      const copied = await copy(url);
      field.focus();
      field.select();
      note.textContent = (copied ? "Copied. " : "Copy the link above. ") + "It lets people join " +
        config.room + " as " + (body.label || body.role) + " until " + until(body.expires) + ".";
    } catch (e) {
      note.textContent = "No invite link: " + (e.name === "TimeoutError" ? "no answer from the server" : e.message);
    } finally {
      button.disabled = false;
    }
  });
}

inviteLinks();
