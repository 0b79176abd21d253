(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("tailor-data").textContent);
  var P = D.periods.length;
  var LIMIT = 40;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }
  function lists(n) {
    var out = [];
    for (var i = 0; i < n; i++) out.push([]);
    return out;
  }

  // Meetings and classes by class, teacher and room.
  var byClass = lists(D.classes.length), byStaff = lists(D.staff.length), byRoom = lists(D.rooms.length);
  var classesOfStaff = lists(D.staff.length), classesOfRoom = lists(D.rooms.length);
  D.meetings.forEach(function (m) {
    if (byClass[m[0]]) byClass[m[0]].push(m);
    if (m[2] !== null && byStaff[m[2]]) byStaff[m[2]].push(m);
    if (m[3] !== null && byRoom[m[3]]) byRoom[m[3]].push(m);
  });
  D.classes.forEach(function (c, i) {
    if (c[2] !== null && classesOfStaff[c[2]]) classesOfStaff[c[2]].push(i);
    if (c[3] !== null && classesOfRoom[c[3]]) classesOfRoom[c[3]].push(i);
  });

  // Everyone a search can find.
  var entries = [];
  D.pupils.forEach(function (p, i) { entries.push({ kind: "pupil", i: i, id: p[0], name: p[1] }); });
  D.staff.forEach(function (s, i) { entries.push({ kind: "staff", i: i, id: s[0], name: s[1] }); });
  D.rooms.forEach(function (r, i) { entries.push({ kind: "room", i: i, id: r, name: "" }); });
  entries.forEach(function (e) { e.lid = e.id.toLowerCase(); e.lname = e.name.toLowerCase(); });

  function find(query) {
    var q = query.trim(), kind = null;
    var m = /^(pupil|staff|room)\s*:\s*(.*)$/i.exec(q);
    if (m) { kind = m[1].toLowerCase(); q = m[2]; }
    q = q.toLowerCase();
    var exact = null, list = [];
    if (!q && !kind) return { exact: null, list: [] };
    entries.forEach(function (e) {
      if (kind && e.kind !== kind) return;
      if (q && e.lid === q && !exact) exact = e;
      if (!q || e.lid.indexOf(q) >= 0 || e.lname.indexOf(q) >= 0) list.push(e);
    });
    return { exact: exact, list: list };
  }

  function hue(course) { return Math.round((course * 137.508) % 360); }
  function staffName(s) { return s === null || !D.staff[s] ? "" : D.staff[s][1]; }
  function roomName(r) { return r === null || D.rooms[r] === undefined ? "" : D.rooms[r]; }

  function meetingsOf(e) {
    if (e.kind === "staff") return byStaff[e.i];
    if (e.kind === "room") return byRoom[e.i];
    var out = [];
    D.pupils[e.i][3].forEach(function (c) { out = out.concat(byClass[c] || []); });
    return out;
  }
  function classesOf(e) {
    if (e.kind === "staff") return classesOfStaff[e.i];
    if (e.kind === "room") return classesOfRoom[e.i];
    return D.pupils[e.i][3];
  }

  function lesson(m, kind) {
    var c = D.classes[m[0]];
    var box = el("div", "lesson");
    box.style.setProperty("--h", hue(c[1]));
    var course = D.courses[c[1]] || "?";
    box.appendChild(el("b", null, course));
    var bits = [c[0]];
    if (kind !== "staff" && staffName(m[2])) bits.push(staffName(m[2]));
    if (kind !== "room" && roomName(m[3])) bits.push(roomName(m[3]));
    box.appendChild(el("small", null, bits.join(" · ")));
    box.title = course + " · " + bits.join(" · ");
    return box;
  }

  function grid(e, meetings) {
    var cells = lists(D.days.length * P);
    meetings.forEach(function (m) { if (cells[m[1]]) cells[m[1]].push(m); });
    var table = el("table", "week");
    var head = el("tr");
    head.appendChild(el("th", "period"));
    D.days.forEach(function (d) { head.appendChild(el("th", null, d)); });
    table.appendChild(el("thead")).appendChild(head);
    var body = el("tbody");
    D.periods.forEach(function (p, pi) {
      var tr = el("tr");
      tr.appendChild(el("th", "period", p));
      D.days.forEach(function (d, di) {
        var here = cells[di * P + pi];
        var td = el("td", here.length > 1 ? "clash" : null);
        if (here.length > 1) td.title = "Two meetings at once";
        here.forEach(function (m) { td.appendChild(lesson(m, e.kind)); });
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    table.appendChild(body);
    var wrap = el("div", "week-wrap");
    wrap.appendChild(table);
    return wrap;
  }

  function byBlock(classes) {
    var ul = el("ul", "by-block");
    var sorted = classes.slice().sort(function (a, b) {
      var x = D.classes[a][4], y = D.classes[b][4];
      return (x === null ? 1e9 : x) - (y === null ? 1e9 : y);
    });
    sorted.forEach(function (ci) {
      var c = D.classes[ci];
      var where = c[4] === null ? "Outside the blocks" : "Block " + c[4];
      var li = el("li");
      li.appendChild(el("b", null, where + ": "));
      li.appendChild(document.createTextNode(
        (D.courses[c[1]] || "?") + " (" + [c[0], staffName(c[2]), roomName(c[3])].filter(Boolean).join(", ") + ")"));
      ul.appendChild(li);
    });
    if (!classes.length) ul.appendChild(el("li", null, "No classes."));
    return ul;
  }

  var input = document.getElementById("who");
  var results = document.getElementById("who-results");
  var view = document.getElementById("who-view");

  function render(e) {
    view.textContent = "";
    var meetings = meetingsOf(e);
    var head = el("div", "who-head");
    head.appendChild(el("strong", null, e.name || e.id));
    var facts = [];
    if (e.name) facts.push(e.id);
    if (e.kind === "pupil") facts.push("tutor group " + D.pupils[e.i][2]);
    if (e.kind === "staff") facts.push("teacher");
    if (e.kind === "room") facts.push("room");
    facts.push(classesOf(e).length + " classes");
    if (D.meetings.length) facts.push(meetings.length + " lessons a week");
    head.appendChild(el("span", null, facts.join(" · ")));
    view.appendChild(head);
    view.appendChild(D.meetings.length ? grid(e, meetings) : byBlock(classesOf(e)));
  }

  function show(query) {
    results.textContent = "";
    view.textContent = "";
    var r = find(query);
    if (!query.trim()) return;
    var pick = r.exact || (r.list.length === 1 ? r.list[0] : null);
    if (!r.list.length) {
      results.appendChild(el("span", "small", "No pupil, teacher or room matches “" + query.trim() + "”."));
      return;
    }
    if (r.list.length > 1) {
      r.list.slice(0, LIMIT).forEach(function (e) {
        var b = el("button");
        b.type = "button";
        b.appendChild(el("span", "kind", e.kind));
        b.appendChild(document.createTextNode(e.name ? e.name + " (" + e.id + ")" : e.id));
        b.addEventListener("click", function () { render(e); });
        results.appendChild(b);
      });
      if (r.list.length > LIMIT) results.appendChild(el("span", "small", "and " + (r.list.length - LIMIT) + " more: type more of the name"));
    }
    if (pick) render(pick);
  }

  input.addEventListener("input", function () { show(input.value); });

  function fromHash() {
    var m = /(?:^#|&)who=([^&]*)/.exec(location.hash);
    if (!m) return;
    input.value = decodeURIComponent(m[1].replace(/\+/g, " "));
    show(input.value);
  }
  window.addEventListener("hashchange", fromHash);
  fromHash();

  // The unmet choices table: filter rows by any text.
  var filter = document.getElementById("unmet-filter");
  if (filter) {
    var rows = Array.prototype.slice.call(document.querySelectorAll("#unmet-table tbody tr"));
    var texts = rows.map(function (tr) { return tr.textContent.toLowerCase(); });
    var count = document.getElementById("unmet-count");
    var apply = function () {
      var q = filter.value.trim().toLowerCase(), shown = 0;
      rows.forEach(function (tr, i) {
        var on = !q || texts[i].indexOf(q) >= 0;
        tr.hidden = !on;
        shown += on ? 1 : 0;
      });
      count.textContent = q ? shown + " of " + rows.length : "";
    };
    filter.addEventListener("input", apply);
  }

  document.body.setAttribute("data-ready", "1");
})();
