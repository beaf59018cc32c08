// The name asked before joining (the pre-join form, the lobby's form). The
// name is inside the page's token or lobby ticket, so another name needs a
// new page: it loads with ?user=NAME&join=1 and goes on by itself.
import { config } from "./config.js";

// On submit: an empty name goes to `refuse` with a message; a new name loads
// the page with it; the page's own name calls `proceed`.
export function onNameSubmit(form, input, refuse, proceed) {
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const name = input.value.trim();
    if (!name) {
      refuse("Please enter your name.");
      input.focus();
      return;
    }
    if (name !== config.user) {
      const params = new URLSearchParams(location.search);
      params.set("user", name);
      params.set("join", "1");
      location.search = params.toString();
      return;
    }
    proceed();
  });
}
