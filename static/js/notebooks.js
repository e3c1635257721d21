// Notebook pages: small enhancements over htmx; the page works without this file (and without htmx).
document.addEventListener("htmx:afterSwap", (event) => {
  // After the parameter form ran: mark each field valid or not from the error the server sent back,
  // and bring the first invalid field into focus so a keyboard user lands on what to fix.
  if (!(event.target instanceof HTMLElement) || event.target.id !== "nb-outputs") return;
  const form = document.querySelector("form.nb-params");
  if (!form) return;
  let first = null;
  form.querySelectorAll(".field").forEach((field) => {
    const error = field.querySelector("p.error");
    const input = field.querySelector("input:not([type=hidden]), select");
    const invalid = Boolean(error && error.textContent.trim());
    field.classList.toggle("field-error", invalid);
    if (!input) return;
    if (invalid) {
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", error.id);
      first = first || input;
    } else {
      input.removeAttribute("aria-invalid");
    }
  });
  if (first && event.detail.requestConfig && event.detail.requestConfig.elt === form) first.focus();
});
