// The report reader: clicking a highlighted number shows its evidence.  No libraries.
(function () {
  "use strict";
  var dataNode = document.getElementById("facts-data");
  if (!dataNode) { return; }
  var facts = JSON.parse(dataNode.textContent || "{}");
  var panel = document.getElementById("evidence");
  var fields = document.getElementById("evidence-fields");
  var shown = ["indicator", "metric", "status", "period", "measure", "value", "low", "high",
    "unit", "base_value", "base_unit", "modifier", "stretch", "direction", "role", "quote",
    "rule", "rules_version"];
  function show(id) {
    var f = facts[id];
    if (!f) { return; }
    while (fields.firstChild) { fields.removeChild(fields.firstChild); }
    shown.forEach(function (key) {
      if (f[key] === null || f[key] === undefined || f[key] === "") { return; }
      var dt = document.createElement("dt");
      var dd = document.createElement("dd");
      dt.textContent = key;
      dd.textContent = String(f[key]);   // text, never markup
      fields.appendChild(dt);
      fields.appendChild(dd);
    });
    panel.hidden = false;
    panel.setAttribute("data-fact", id);
    document.querySelectorAll("mark.fact.active").forEach(function (m) { m.classList.remove("active"); });
    var mark = document.getElementById("fact-" + id);
    if (mark) { mark.classList.add("active"); }
  }
  document.addEventListener("click", function (e) {
    var el = e.target.closest("[data-fact]");
    if (!el || el === panel) { return; }
    show(el.getAttribute("data-fact"));
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && e.target.matches && e.target.matches("mark.fact")) {
      show(e.target.getAttribute("data-fact"));
    }
  });
  var m = /^#fact-(\d+)$/.exec(window.location.hash);
  if (m) { show(m[1]); }
})();
