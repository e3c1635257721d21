// Review keyboard: 1-4 rate, space/enter = Good (Again after a wrong answer).
// The page works without this file: every button is a plain form submit.
document.addEventListener("keydown", (event) => {
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  const panel = document.getElementById("review-panel");
  if (!panel || panel.dataset.stage !== "feedback") return;
  const target = event.target;
  // Let focused controls behave natively (Enter on a focused button presses that button).
  if (target instanceof HTMLElement && ["INPUT", "TEXTAREA", "SELECT", "BUTTON", "A", "SUMMARY"].includes(target.tagName)) return;
  let rating = null;
  if (["1", "2", "3", "4"].includes(event.key)) rating = event.key;
  if (event.key === " " || event.key === "Enter") {
    const good = panel.querySelector('button[data-rating="3"]');
    rating = good && !good.disabled ? "3" : "1";
  }
  if (rating === null) return;
  const button = panel.querySelector(`button[data-rating="${rating}"]`);
  if (button && !button.disabled) {
    event.preventDefault();
    button.click();
  }
});

// After htmx swaps in the next step: the cursor goes to the answer box for a question, and to the
// panel itself for feedback (so 1-4 and space work at once without pressing a button by accident).
function focusReviewPanel() {
  const panel = document.getElementById("review-panel");
  if (!panel) return;
  if (panel.dataset.stage === "question") {
    const field = panel.querySelector(".review-question input[type=text]");
    if (field) field.focus();
  } else {
    panel.focus({ preventScroll: true });
  }
}
document.addEventListener("htmx:afterSettle", focusReviewPanel);
document.addEventListener("DOMContentLoaded", focusReviewPanel);
