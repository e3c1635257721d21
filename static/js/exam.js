// The mock exam page: counts down the clock (the server enforces the deadline; this is only the
// display), keeps the answered count current, and asks before finishing with questions unanswered
// (without this file the server asks instead, on a page of its own).
(() => {
  const clock = document.getElementById("exam-clock");
  if (clock) {
    const end = Date.now() + Number(clock.dataset.secondsLeft) * 1000;
    const tick = () => {
      const left = Math.max(0, Math.round((end - Date.now()) / 1000));
      clock.textContent = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, "0")}`;
      if (left === 0) { window.location.reload(); return; }
      setTimeout(tick, 1000);
    };
    tick();
  }

  const unanswered = () => [...document.querySelectorAll(".exam-status:not([data-answered])")];
  const answered = document.getElementById("exam-answered");
  document.body.addEventListener("htmx:afterSwap", () => {
    if (answered) answered.textContent = document.querySelectorAll(".exam-status[data-answered]").length;
  });

  // Answers being saved: finishing waits for them, so the last one typed is counted.
  let saving = 0;
  document.body.addEventListener("htmx:beforeSend", () => { saving += 1; });
  document.body.addEventListener("htmx:afterRequest", () => { saving = Math.max(0, saving - 1); });
  const whenSaved = (then, idle = 0, waited = 0) => {
    // Idle twice in a row: a save queued behind another (hx-sync) has had its chance to start.
    if (idle >= 2 || waited >= 5000) { then(); return; }
    setTimeout(() => whenSaved(then, saving === 0 ? idle + 1 : 0, waited + 50), 50);
  };

  const finish = document.getElementById("exam-finish");
  const dialog = document.getElementById("exam-confirm");
  if (!finish) return;
  finish.addEventListener("submit", (event) => {
    if (event.submitter?.name === "confirm") return; // confirmed in the dialog
    event.preventDefault();
    whenSaved(() => {
      const missing = unanswered();
      if (!missing.length || !dialog || typeof dialog.showModal !== "function") { finish.submit(); return; }
      dialog.querySelector("[data-unanswered-count]").textContent =
        `${missing.length} question${missing.length === 1 ? "" : "s"}`;
      const links = dialog.querySelector("[data-unanswered-links]");
      links.replaceChildren();
      missing.forEach((status, i) => {
        const link = document.createElement("a");
        link.href = `#q${status.dataset.position}`;
        link.textContent = `question ${status.dataset.position}`;
        links.append(...(i ? [", ", link] : [link]));
      });
      dialog.showModal();
    });
  });
  dialog?.addEventListener("click", (event) => {
    if (event.target instanceof Element && event.target.closest("a, [data-keep-answering]")) dialog.close();
  });
})();
