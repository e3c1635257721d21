// Small progressive enhancements; every page works without this file.
document.addEventListener("keydown", (event) => {
  // "/" focuses the site search, as on many documentation sites.
  if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
  const target = event.target;
  if (target instanceof HTMLElement && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName))) return;
  const search = document.getElementById("site-search");
  if (search) { event.preventDefault(); search.focus(); }
});

// Calculators embedded in lessons: a link written as [text](calculator:cds?...) loads the calculator in
// place (its form then updates itself with htmx). Without JavaScript the link opens the full page.
document.addEventListener("DOMContentLoaded", () => {
  if (!window.htmx) return;
  document.querySelectorAll(".prose a.calculator-embed").forEach((link) => {
    const url = new URL(link.href, window.location.href);
    // Only a calculator of this site loads in place (the server keeps the class on no other link).
    if (url.origin !== window.location.origin || !/^\/calculators\/[a-z][a-z0-9-]*\/$/.test(url.pathname)) return;
    const box = document.createElement("div");
    box.className = "calculator-embedded";
    link.closest("p")?.after(box) ?? link.after(box);
    url.searchParams.set("embed", "1");
    window.htmx.ajax("GET", url.pathname + url.search, { target: box, swap: "innerHTML" });
  });
});

// On a narrow screen the header links scroll sideways: bring the current page's link into view.
document.addEventListener("DOMContentLoaded", () => {
  const nav = document.querySelector(".main-nav");
  const current = nav?.querySelector("[aria-current]");
  if (!current || nav.scrollWidth <= nav.clientWidth) return;
  const box = nav.getBoundingClientRect(), link = current.getBoundingClientRect();
  nav.scrollLeft += link.left + link.width / 2 - (box.left + box.width / 2);
});

// Glossary terms on a touch screen: a tap shows the definition, with a link to the full entry, instead of
// leaving the lesson; a second tap on the term, a tap anywhere else or Escape closes it. Mouse and
// keyboard keep the CSS tooltip (on hover and focus) and the link. The class "touch-input" on <html>
// hides the CSS tooltip while the last pointer used was a finger or a pen.
(() => {
  const root = document.documentElement;
  let pointer = "";
  let open = null; // {term, sheet}
  const close = () => {
    if (!open) return;
    open.sheet.remove();
    open.term.setAttribute("aria-expanded", "false");
    open.term.classList.remove("is-open");
    open = null;
  };
  const usePointer = (event) => {
    pointer = event.pointerType;
    root.classList.toggle("touch-input", pointer === "touch" || pointer === "pen");
  };
  document.addEventListener("pointerover", (event) => { if (event.pointerType === "mouse") usePointer(event); });
  document.addEventListener("pointerdown", (event) => {
    usePointer(event);
    if (open && !open.term.contains(event.target) && !open.sheet.contains(event.target)) close();
  }, true);
  document.addEventListener("keydown", (event) => {
    pointer = "";
    root.classList.remove("touch-input");
    if (event.key === "Escape" && open) { const term = open.term; close(); term.focus(); }
  }, true);
  document.addEventListener("click", (event) => {
    const term = event.target instanceof Element ? event.target.closest("a.gloss") : null;
    if (!term || (pointer !== "touch" && pointer !== "pen")) return;
    event.preventDefault();
    const again = open?.term === term;
    close();
    if (again) { term.blur(); return; }
    const sheet = document.createElement("span");
    sheet.className = "gloss-sheet";
    sheet.id = "gloss-sheet";
    sheet.setAttribute("role", "note");
    sheet.setAttribute("aria-live", "polite");
    const text = document.createElement("span");
    text.textContent = term.querySelector(".gloss-tip")?.textContent || term.textContent;
    const more = document.createElement("a");
    more.setAttribute("href", term.getAttribute("href"));
    more.textContent = "Read the full entry in the glossary";
    sheet.append(text, " ", more);
    term.after(sheet);
    term.setAttribute("aria-expanded", "true");
    term.setAttribute("aria-controls", sheet.id);
    term.classList.add("is-open");
    open = { term, sheet };
  });
})();
