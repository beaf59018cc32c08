// rolecall page bootstrap: reads the server-rendered config (a JSON script
// element, never inline code) and hands it to the room client. Live rooms
// arrive with the embedded room service; until then the page shows that it
// holds a valid admission.
(function () {
  "use strict";
  const element = document.getElementById("rolecall-config");
  const config = element ? JSON.parse(element.textContent || "{}") : {};
  window.rolecall = { config: config };
  const status = document.getElementById("status");
  if (status && config.token) {
    status.textContent = "Admitted to room " + config.room + " as " + config.user +
      " (" + config.label + ").";
  }
})();
