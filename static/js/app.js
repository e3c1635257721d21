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
    const box = document.createElement("div");
    box.className = "calculator-embedded";
    link.closest("p")?.after(box) ?? link.after(box);
    const url = new URL(link.href, window.location.href);
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
