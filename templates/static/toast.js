// Short notices in #toasts ("Ann muted your microphone"), gone after 6 s.
export function toast(text, kind) {
  const box = document.getElementById("toasts");
  if (!box) return;
  const t = document.createElement("div");
  t.className = "toast-msg kind-" + (kind || "info");
  t.textContent = text;
  box.append(t);
  setTimeout(() => t.remove(), 6000);
}
