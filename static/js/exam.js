// Counts down the exam clock. The server enforces the deadline; this is only the display.
(() => {
  const clock = document.getElementById("exam-clock");
  if (!clock) return;
  const end = Date.now() + Number(clock.dataset.secondsLeft) * 1000;
  const tick = () => {
    const left = Math.max(0, Math.round((end - Date.now()) / 1000));
    const m = Math.floor(left / 60), s = left % 60;
    clock.textContent = `${m}:${String(s).padStart(2, "0")}`;
    if (left === 0) { window.location.reload(); return; }
    setTimeout(tick, 1000);
  };
  tick();
})();
