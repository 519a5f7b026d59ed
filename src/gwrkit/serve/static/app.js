// The report reader: clicking a highlighted number shows its evidence.  No libraries.
(function () {
  "use strict";
  var dataNode = document.getElementById("facts-data");
  if (!dataNode) { return; }
  var facts = JSON.parse(dataNode.textContent || "{}");
  var panel = document.getElementById("evidence");
  var title = document.getElementById("evidence-title");
  var close = document.getElementById("evidence-close");
  if (close) { close.addEventListener("click", function () { panel.hidden = true; }); }
  var fields = document.getElementById("evidence-fields");
  function show(id) {
    var f = facts[id];
    if (!f) { return; }
    while (fields.firstChild) { fields.removeChild(fields.firstChild); }
    // the page gives each fact the fields to show, in order (serve/reader.py PANEL_FIELDS)
    Object.keys(f).forEach(function (key) {
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
    title.textContent = "Fact";
    document.querySelectorAll("mark.fact.active").forEach(function (m) { m.classList.remove("active"); });
    var mark = document.getElementById("fact-" + id);
    if (mark) { mark.classList.add("active"); }
  }
  document.addEventListener("click", function (e) {
    var el = e.target.closest("[data-fact]");
    if (!el || el === panel || el.closest("#evidence")) { return; }
    show(el.getAttribute("data-fact"));
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && e.target.matches && e.target.matches("mark.fact")) {
      show(e.target.getAttribute("data-fact"));
    }
  });
  var m = /^#fact-(\d+)$/.exec(window.location.hash);
  if (m) { show(m[1]); }
  // formulations: a tap or click shows the term, its expansion and gloss in the panel
  var phraseNode = document.getElementById("phrases-data");
  var phrases = phraseNode ? JSON.parse(phraseNode.textContent || "[]") : [];
  var phraseFields = ["term", "kind", "expansion", "gloss", "count"];
  function showPhrase(i) {
    var p = phrases[Number(i)];
    if (!p) { return; }
    while (fields.firstChild) { fields.removeChild(fields.firstChild); }
    phraseFields.forEach(function (key) {
      var v = p[key];
      if (v === null || v === undefined || v === "") { return; }
      var dt = document.createElement("dt");
      var dd = document.createElement("dd");
      dt.textContent = key;
      dd.textContent = Array.isArray(v) ? v.join("、") : String(v);   // text, never markup
      fields.appendChild(dt);
      fields.appendChild(dd);
    });
    panel.hidden = false;
    panel.setAttribute("data-phrase", i);
    title.textContent = "提法 formulation";
  }
  document.addEventListener("click", function (e) {
    var el = e.target.closest("abbr.phrase[data-phrase]");
    if (el) { showPhrase(el.getAttribute("data-phrase")); }
  });
  var hp = /^#ph-(\d+)$/.exec(window.location.hash);
  if (hp) {
    var first = document.getElementById("ph-" + hp[1]);
    if (first) { showPhrase(first.getAttribute("data-phrase")); }
  }
})();
