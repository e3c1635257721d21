// A time-zone field still on its default (UTC) takes the browser's own zone, and says so under it.
// Only fields marked data-default-zone are touched; without this file they simply keep UTC.
document.addEventListener("DOMContentLoaded", () => {
  let zone = "";
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  } catch {
    return;
  }
  document.querySelectorAll("select[data-default-zone]").forEach((select) => {
    if (!zone || zone === select.dataset.defaultZone || select.value !== select.dataset.defaultZone) return;
    const option = Array.from(select.options).find((o) => o.value === zone);
    if (!option) return; // a zone the server would refuse: leave the default
    select.value = zone;
    const note = document.createElement("p");
    note.className = "help zone-note";
    note.dataset.testid = "zone-note";
    note.textContent = (select.dataset.zoneNote || "{zone}").replace("{zone}", zone);
    select.after(note);
  });
});
