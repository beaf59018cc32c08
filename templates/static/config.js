// The page's configuration, rendered by the server into a JSON script
// element (never inline code: the CSP runs only our own files). A lobby page
// gets its token later (rolecall.js, admitted).
const element = document.getElementById("rolecall-config");
export const config = element ? JSON.parse(element.textContent || "{}") : {};
